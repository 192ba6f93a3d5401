using Dashboard.Tests.Shared;
using System.Globalization;
using Dashboard.Live;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Dashboard.Tests.Integration;

/// <summary>
/// The real app as a process, stopped with SIGTERM while 5,000 QoS 1 events a second stream in: it
/// stops taking input, drains, stores, acknowledges and disconnects, in that order, and exits with
/// code 0 within <c>Shutdown:Timeout</c>. What it did not take waits in its persistent session at
/// the broker; after a restart with the same client ID every published event is stored exactly once.
/// History is PostgreSQL, as in production, and a live hub connection is open, as a page's would be.
/// </summary>
public sealed class CleanStopTests(PostgresServer postgres, MosquittoBroker broker, ITestOutputHelper output)
    : IClassFixture<PostgresServer>, IClassFixture<MosquittoBroker>
{
    private const int PerSecond = 5000;
    private const int Events = 4 * PerSecond;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The stop's steps as the log says them, in the order they must come.</summary>
    private static readonly string[] Steps =
    [
        "Stopping: input closed",
        "Stopping: drained ",
        "Stopping: acknowledged ",
        "Stopping: disconnected from ",
    ];

    [Fact]
    public async Task Sigterm_mid_stream_exits_0_in_time_after_draining_and_a_restart_stores_every_event_exactly_once()
    {
        var settings = new Dictionary<string, string>
        {
            ["Mqtt:Host"] = broker.Host,
            ["Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ClientId"] = "clean-stop-" + Guid.NewGuid().ToString("N"),
            ["Mqtt:ReconnectInitialDelaySeconds"] = "0.1",
            ["History:Provider"] = "postgres",
            ["History:ConnectionString"] = await postgres.CreateDatabaseAsync(),
            ["Webhook:Enabled"] = "false",
            ["Shutdown:Timeout"] = ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture),
        };
        var first = await DashboardProcess.StartAsync(settings);

        // A live connection open over WebSockets, as every open page has: it must not hold the stop.
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(first.BaseAddress, LiveHub.Path), o => o.Transports = HttpTransportType.WebSockets)
            .Build();
        await hub.StartAsync();
        await using var publisher = await PacedPublisher.ConnectAsync(broker, "stop");
        var publishing = publisher.PublishAsync(Events, PerSecond);

        // SIGTERM once the stream is well under way (about a second and a half in).
        await Eventually.HoldsAsync(first.TryGetStatusAsync, s => s?.Received >= PerSecond * 3 / 2, "the stream is well under way", TimeSpan.FromSeconds(30));
        await first.StopAsync();
        var taken = first.Stdout.ToList();
        output.WriteLine($"stopped in {first.StopDuration!.Value.TotalMilliseconds:F0} ms, exit code {first.ExitCode}");
        output.WriteLine(string.Join("\n", taken.Where(line => line.Contains("Stopping:", StringComparison.Ordinal))));

        Assert.Equal(0, first.ExitCode);
        Assert.True(first.StopDuration < ShutdownTimeout, $"the stop took {first.StopDuration}, more than Shutdown:Timeout");
        var at = Steps.Select(step => taken.FindIndex(line => line.Contains(step, StringComparison.Ordinal))).ToArray();
        Assert.All(at, index => Assert.True(index >= 0, "a step of the stop is missing from the log"));
        Assert.Equal(at.Order(), at);
        Assert.DoesNotContain(taken, line => line.Contains("Shutdown:Timeout reached", StringComparison.Ordinal));
        await first.DisposeAsync();

        // The broker has taken every event (it queues for the stopped dashboard's session).
        await publishing;
        Assert.Equal((Events, 0), (publisher.Published, publisher.Failed));

        await using var second = await DashboardProcess.StartAsync(settings);
        await Eventually.HoldsAsync(() => second.GetClientsAsync("?pageSize=1"), p => p?.Total >= Events, "every client is online again", TimeSpan.FromSeconds(120));
        var stored = await Eventually.HoldsAsync(second.ExportAllAsync, rows => rows.Count >= Events, "every event is stored", TimeSpan.FromSeconds(60));

        var ids = stored.Select(e => e.ClientId).ToList();
        Assert.Equal(Events, ids.Count);
        Assert.Equal(Events, ids.Distinct().Count());
        Assert.Empty(Enumerable.Range(0, Events).Select(publisher.ClientId).Except(ids));
    }
}
