using System.Globalization;
using System.Net.Http.Json;
using Dashboard.Api;
using Dashboard.Demo;
using Dashboard.Simulator.Fleet;
using Dashboard.Simulator.Mqtt;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Demo;

/// <summary>
/// The simulator's conflict and reconnect-loop profiles against the embedded broker produce
/// exactly the right findings, end to end through the pipeline, and steady devices none.
/// </summary>
public sealed class ConflictDetectionTests : IAsyncLifetime
{
    private readonly int _brokerPort = FreePort.Next();
    private DashboardApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(DashboardApp.DemoSettings(_brokerPort));
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Shared_ids_are_conflicts_reconnecting_devices_are_loops_and_steady_devices_are_fine()
    {
        var options = DemoDevices.SteadyFleet(_brokerPort, size: 40, seed: 11);
        options.ConflictShare = 0.2;
        options.ReconnectLoopShare = 0.1;
        options.ConflictSwapInterval = TimeSpan.FromMilliseconds(500);
        options.ReconnectLoopInterval = TimeSpan.FromMilliseconds(600);
        options.KickAsync = _app.Services.GetRequiredService<EmbeddedBroker>().KickAsync;
        var fleet = new FleetSimulator(options);
        var conflictIds = fleet.Plan.Where(p => p.Profile == DeviceProfile.Conflict).Select(p => p.ClientId).ToHashSet();
        var loopIds = fleet.Plan.Where(p => p.Profile == DeviceProfile.ReconnectLoop).Select(p => p.ClientId).ToHashSet();
        using var run = new CancellationTokenSource();
        var running = fleet.RunAsync(run.Token);

        var findings = await Eventually.HoldsAsync(
            FindingsAsync,
            all => conflictIds.All(id => all.Any(f => f.ClientId == id)) && loopIds.All(id => all.Any(f => f.ClientId == id)),
            "every shared ID and every reconnecting device has a finding",
            TimeSpan.FromSeconds(60));
        await run.CancelAsync();
        await running;

        Assert.NotEmpty(conflictIds);
        Assert.NotEmpty(loopIds);
        Assert.All(findings, f => Assert.True(conflictIds.Contains(f.ClientId) || loopIds.Contains(f.ClientId), $"unexpected finding for {f.ClientId}"));
        Assert.All(findings.Where(f => conflictIds.Contains(f.ClientId)), f => Assert.Equal("clientid-conflict", f.Kind));
        Assert.All(findings.Where(f => loopIds.Contains(f.ClientId)), f => Assert.Equal("reconnect-loop", f.Kind));
        var conflict = findings.First(f => f.Kind == "clientid-conflict");
        Assert.Equal(["127.0.0.2", "127.0.0.3"], conflict.Peers.Select(p => p[..p.LastIndexOf(':')]).Distinct().Order());
        Assert.Contains("unique client ID", conflict.Advice, StringComparison.OrdinalIgnoreCase);
        var loop = findings.First(f => f.Kind == "reconnect-loop");
        Assert.Single(loop.Peers.Select(p => p[..p.LastIndexOf(':')]).Distinct());
    }

    private async Task<IReadOnlyList<FindingDto>> FindingsAsync()
    {
        using var http = _app.CreateClient();
        return (await http.GetFromJsonAsync<FindingDto[]>("/api/conflicts?state=all", DashboardApp.Json))!;
    }
}
