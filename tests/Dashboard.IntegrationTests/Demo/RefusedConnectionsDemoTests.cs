using System.Net.Http.Json;
using Dashboard.Api;
using Dashboard.Simulator.Fleet;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Demo;

/// <summary>
/// Refused connections end to end: the simulator's bad-credentials and credentials-rotation devices
/// against the embedded broker are listed by <c>GET /api/refused</c> with EMQX's reason code and the
/// devices' own address, while the accepted connects are only counted.
/// </summary>
public sealed class RefusedConnectionsDemoTests : IAsyncLifetime
{
    private const string BadCredentials = "bad_username_or_password";

    private readonly int _brokerPort = FreePort.Next();
    private DashboardApp? _app;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Bad_credentials_and_a_rotation_are_refusals_with_the_devices_ip_and_accepted_connects_are_only_counted()
    {
        _app = new DashboardApp(DashboardApp.DemoSettings(_brokerPort));
        await _app.StartAsync();
        var options = DemoDevices.SteadyFleet(_brokerPort, size: 20, seed: 5);
        options.BadCredentialsShare = 0.2;
        options.CredentialsRotationShare = 0.3;
        options.CredentialsRotationEvery = TimeSpan.FromSeconds(3);
        options.CredentialsRotationLength = TimeSpan.FromSeconds(1.5);
        var fleet = new FleetSimulator(options);
        var badIds = IdsOf(fleet, DeviceProfile.BadCredentials);
        var rotationIds = IdsOf(fleet, DeviceProfile.CredentialsRotation);
        Assert.Equal((4, 6), (badIds.Count, rotationIds.Count));
        using var run = new CancellationTokenSource();
        var running = fleet.RunAsync(run.Token);

        // Every such device refused at least once, and every rotation device back online after it.
        var refused = await Eventually.HoldsAsync(
            () => RefusedAsync(_app),
            rows => badIds.Concat(rotationIds).All(id => rows.Any(r => r.ClientId == id && r.Kind == "connack")),
            "every bad-credentials and rotation device was refused",
            TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(
            () => ConnectedAfterRefusalAsync(refused, rotationIds),
            recovered => recovered.SetEquals(rotationIds),
            "each rotation device connected again after its refusal",
            TimeSpan.FromSeconds(60));
        await run.CancelAsync();
        await running;

        // Only those devices, only that reason, from the devices' own address; authentication and connack each.
        // (The bad-credentials devices' forbidden publishes are authorization denials besides.)
        var all = await RefusedAsync(_app);
        Assert.All(all.Where(r => r.Kind == "authorization"), r => Assert.Contains(r.ClientId, badIds));
        refused = all.Where(r => r.Kind != "authorization").ToArray();
        Assert.All(refused, r => Assert.Contains(r.ClientId, badIds.Concat(rotationIds)));
        Assert.All(refused, r => Assert.Equal((BadCredentials, "127.0.0.1", "device", "demo@127.0.0.1"), (r.ReasonCode, r.PeerIp, r.Username, r.Node)));
        Assert.Equal(refused.Count(r => r.Kind == "connack"), refused.Count(r => r.Kind == "authentication"));

        // Successful connacks are counted, never listed: at least one per connect the fleet made.
        var status = await Eventually.HoldsAsync(
            _app.GetIngestStatusAsync,
            s => s.Access.ConnackSuccesses >= fleet.Stats.TotalConnects,
            "every accepted connect's connack is counted");
        Assert.True(status.Access.Refused.GetValueOrDefault(BadCredentials) >= refused.Count(r => r.Kind == "connack"));
        Assert.DoesNotContain(refused, r => r.ReasonCode == "success");
        Assert.Equal(0, status.ParseFailures);
    }

    [Fact]
    public async Task Demo_mode_shows_a_credentials_rotation_out_of_the_box()
    {
        var settings = DashboardApp.DemoSettings(_brokerPort);
        settings["Demo:FleetSize"] = "10";
        settings["Demo:CredentialsRotationPercent"] = "50";
        settings["Demo:CredentialsRotationEverySeconds"] = "3";
        settings["Demo:CredentialsRotationSeconds"] = "2";
        settings["Demo:MassDisconnectPercent"] = "0";
        _app = new DashboardApp(settings);
        await _app.StartAsync();

        var refused = await Eventually.HoldsAsync(
            () => RefusedAsync(_app),
            rows => rows.Where(r => r.ClientId.StartsWith("sim-rotation-", StringComparison.Ordinal)).Select(r => r.ClientId).Distinct().Count() >= 3,
            "several rotation devices of the demo fleet were refused",
            TimeSpan.FromSeconds(60));

        Assert.All(refused.Where(r => r.ClientId.StartsWith("sim-rotation-", StringComparison.Ordinal)), r => Assert.Equal(BadCredentials, r.ReasonCode));

        // The refused-connections page lists them with the reason code, its advice and the devices' address;
        // the overview's tile counts them, with that code on top.
        using var http = _app.CreateClient();
        var rotated = refused.First(r => r.ClientId.StartsWith("sim-rotation-", StringComparison.Ordinal)).ClientId;
        var page = await http.GetStringAsync($"/refused?clientId={Uri.EscapeDataString(rotated)}");
        Assert.Contains(Core.Reasons.ReasonCatalog.DescribeRefusal(BadCredentials).Advice, page, StringComparison.Ordinal);
        Assert.Contains($">{rotated}</a>", page, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:", page, StringComparison.Ordinal);
        var overview = await http.GetStringAsync("/");
        Assert.Matches($"data-testid=\"refused-top\"[^>]*>\\s*<span>top reason: <code>{BadCredentials}</code>", overview);
    }

    private static HashSet<string> IdsOf(FleetSimulator fleet, DeviceProfile profile) =>
        fleet.Plan.Where(p => p.Profile == profile).Select(p => p.ClientId).ToHashSet();

    private static async Task<RefusedDto[]> RefusedAsync(DashboardApp app)
    {
        using var http = app.CreateClient();
        return (await http.GetFromJsonAsync<RefusedDto[]>("/api/refused?from=2000-01-01T00:00:00Z&limit=10000", DashboardApp.Json))!;
    }

    /// <summary>The devices among <paramref name="ids"/> with a stored connect later than their first refusal.</summary>
    private async Task<HashSet<string>> ConnectedAfterRefusalAsync(RefusedDto[] refused, IReadOnlySet<string> ids)
    {
        using var http = _app!.CreateClient();
        var events = (await http.GetFromJsonAsync<EventDto[]>("/api/events/export?from=2000-01-01T00:00:00Z", DashboardApp.Json))!;
        return ids.Where(id => refused.Where(r => r.ClientId == id).Select(r => r.At).DefaultIfEmpty(DateTime.MaxValue).Min() is var first
            && events.Any(e => e.ClientId == id && e.Kind == "connected" && e.At > first)).ToHashSet();
    }
}
