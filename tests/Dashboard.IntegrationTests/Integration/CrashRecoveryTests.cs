using Dashboard.Tests.Shared;
using System.Globalization;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>
/// The dashboard killed with SIGKILL in the middle of a stream and started again loses no event
/// and stores none twice: the broker redelivers what was never acknowledged, the store recognises
/// what it already had, and live state comes back from history.
/// </summary>
public sealed class CrashRecoveryTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IDisposable
{
    private const int Clients = 3000;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("dashboard-crash-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Kill_minus_9_mid_stream_loses_nothing_and_stores_nothing_twice()
    {
        var settings = new Dictionary<string, string>
        {
            ["Mqtt:Host"] = broker.Host,
            ["Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ClientId"] = "crash-test-dashboard",
            ["Mqtt:ReconnectInitialDelaySeconds"] = "0.1",
            ["History:Provider"] = "sqlite",
            ["History:DataDirectory"] = _dataDirectory,
            ["Webhook:Enabled"] = "false",
        };
        var first = await DashboardProcess.StartAsync(settings);
        await using var publisher = await EventPublisher.ConnectAsync(broker);
        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < Clients; i++)
            {
                await publisher.PublishAsync("client_connected", ConnectPayload(i));
            }
        });

        // Kill it while the stream is still arriving.
        await Eventually.HoldsAsync(first.TryGetStatusAsync, s => s?.Received >= Clients / 4, "a quarter of the stream has arrived");
        await first.KillAsync();
        await first.DisposeAsync();
        await publishing;

        await using var second = await DashboardProcess.StartAsync(settings);
        var stored = await Eventually.HoldsAsync(second.ExportAllAsync, rows => rows.Count >= Clients, "every event is stored", TimeSpan.FromSeconds(60));

        Assert.Equal(Clients, stored.Count);
        Assert.Equal(Clients, stored.Select(e => e.ClientId).Distinct().Count());
        var online = await Eventually.HoldsAsync(() => second.GetClientsAsync("?pageSize=1"), p => p?.Total == Clients, "every client is online again");
        Assert.Equal(Clients, online!.Total);
    }

    [Fact]
    public async Task After_a_restart_live_state_is_rebuilt_from_history()
    {
        var settings = new Dictionary<string, string>
        {
            ["Mqtt:Host"] = broker.Host,
            ["Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ClientId"] = "rebuild-test-dashboard",
            ["History:DataDirectory"] = _dataDirectory,
        };
        await using (var first = await DashboardProcess.StartAsync(settings))
        {
            await using var publisher = await EventPublisher.ConnectAsync(broker);
            await publisher.PublishAsync("client_connected", ConnectPayload(1));
            await publisher.PublishAsync("client_connected", ConnectPayload(2));
            await publisher.PublishAsync("client_disconnected", $$"""{"event":"client.disconnected","clientid":"device-0002","reason":"keepalive_timeout","connected_at":{{ConnectedAt(2)}},"disconnected_at":{{ConnectedAt(2) + 5000}},"peername":"10.1.0.2:40002"}""");
            await Eventually.HoldsAsync(first.ExportAllAsync, rows => rows.Count == 3, "all three are stored");
            await first.KillAsync();
        }

        // No new event arrives: what the second process shows comes from history.
        await using var second = await DashboardProcess.StartAsync(settings);
        var online = await second.GetClientsAsync();
        var offline = await second.GetClientsAsync("?state=offline");

        Assert.Equal(["device-0001"], online!.Items.Select(c => c.ClientId));
        Assert.Equal("keepalive_timeout", offline!.Items.Single().LastReason);
    }

    /// <summary>Fixed for the run, so a disconnect can name its connect's exact time.</summary>
    private static readonly long BaseMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;

    private static long ConnectedAt(int i) => BaseMs + i;

    private static string ConnectPayload(int i) =>
        $$"""{"event":"client.connected","clientid":"device-{{i:D4}}","username":"device","peername":"10.1.{{i / 250}}.{{i % 250}}:{{40000 + i}}","connected_at":{{ConnectedAt(i)}},"keepalive":60,"clean_start":true,"proto_ver":5,"node":"emqx@10.0.0.1"}""";
}
