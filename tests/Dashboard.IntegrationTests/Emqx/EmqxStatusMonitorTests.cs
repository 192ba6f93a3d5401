using Dashboard.Core.Emqx;
using Dashboard.Demo.Api;
using Dashboard.Emqx;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// The status monitor against the demo API: reachability, version and nodes, the dashboard's own
/// queue, and the drops not yet repaired by a reconcile.
/// </summary>
public sealed class EmqxStatusMonitorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_check_reads_the_version_the_nodes_and_the_own_queue()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 3);
        AddOwnClient(server.Table);
        server.Table.SetQueue(DemoApiServer.OwnClientId, new SessionQueueFigures(40, 1000, 0, 5, 32));
        var monitor = Monitor(server);
        var changes = 0;
        monitor.Changed += () => changes++;

        await monitor.CheckAsync(CancellationToken.None);

        var s = monitor.Current;
        Assert.True(s.ApiOn);
        Assert.True(s.Reachable);
        Assert.Null(s.Error);
        Assert.NotNull(s.CheckedAt);
        Assert.Equal("5.8.9", s.Version);
        Assert.Equal("demo@127.0.0.1", Assert.Single(s.Nodes).Name);
        Assert.Equal(new SessionQueueFigures(40, 1000, 0, 5, 32), s.OwnQueue);
        Assert.Equal(0, s.DroppedUnrepaired);
        Assert.Equal(1, changes);

        await monitor.CheckAsync(CancellationToken.None);
        Assert.Equal(1, changes); // nothing but the time of the check changed
    }

    [Fact]
    public async Task Drops_since_the_first_reading_count_until_a_finished_reconcile()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 3);
        AddOwnClient(server.Table);
        var monitor = Monitor(server);
        var changes = 0;
        monitor.Changed += () => changes++;

        await SetDroppedAndCheck(server, monitor, 5); // the first reading is the baseline
        Assert.Equal(0, monitor.Current.DroppedUnrepaired);

        await SetDroppedAndCheck(server, monitor, 12);
        Assert.Equal(7, monitor.Current.DroppedUnrepaired);
        Assert.Equal(2, changes);

        monitor.RecordReconcile(Report(error: "EMQX answered 503"));
        Assert.Equal(7, monitor.Current.DroppedUnrepaired); // a failed reconcile repaired nothing
        Assert.Equal("EMQX answered 503", monitor.Current.LastReconcile!.Error);

        monitor.RecordReconcile(Report(error: null));
        Assert.Equal(0, monitor.Current.DroppedUnrepaired);
        Assert.Null(monitor.Current.LastReconcile!.Error);
        Assert.Equal(4, changes);

        await SetDroppedAndCheck(server, monitor, 15);
        Assert.Equal(3, monitor.Current.DroppedUnrepaired);
    }

    [Fact]
    public async Task A_counter_that_restarts_with_a_new_session_keeps_the_unrepaired_drops()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 0);
        AddOwnClient(server.Table);
        var monitor = Monitor(server);

        await SetDroppedAndCheck(server, monitor, 10);
        await SetDroppedAndCheck(server, monitor, 14);
        await SetDroppedAndCheck(server, monitor, 2); // EMQX started a new session: its counter is back near 0

        Assert.Equal(6, monitor.Current.DroppedUnrepaired);
    }

    [Fact]
    public async Task A_wrong_secret_is_unreachable_with_emqxs_code_logged_once_and_never_the_secret()
    {
        var logs = new LogCapture();
        await using var server = await DemoApiServer.StartAsync(clients: 1, secret: "wrong-secret-for-the-monitor", logs: logs);
        var monitor = server.Services.GetRequiredService<EmqxStatusMonitor>();

        await monitor.CheckAsync(CancellationToken.None);
        await monitor.CheckAsync(CancellationToken.None);
        await monitor.CheckAsync(CancellationToken.None);

        Assert.False(monitor.Current.Reachable);
        Assert.Contains("BAD_API_KEY_OR_SECRET", monitor.Current.Error);
        var warnings = logs.Lines.Where(l => l.Contains("EMQX's REST API check failed", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("wrong-secret-for-the-monitor", StringComparison.Ordinal));
        Assert.DoesNotContain("wrong-secret-for-the-monitor", monitor.Current.Error!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_that_goes_away_is_unreachable_and_keeps_the_last_version()
    {
        await using var server = await DemoApiServer.StartAsync(clients: 1);
        var monitor = Monitor(server);
        await monitor.CheckAsync(CancellationToken.None);
        Assert.Null(monitor.Current.OwnQueue); // the dashboard's client is not connected at this broker

        await server.Api.StopAsync(CancellationToken.None);
        await monitor.CheckAsync(CancellationToken.None);

        Assert.False(monitor.Current.Reachable);
        Assert.Contains("could not be reached", monitor.Current.Error);
        Assert.Equal("5.8.9", monitor.Current.Version);
    }

    [Fact]
    public async Task The_loop_checks_at_once_and_then_every_poll_interval()
    {
        var time = new ManualTimeProvider(Start);
        await using var server = await DemoApiServer.StartAsync(clients: 1, time: time, configure: o => o.QueuePollInterval = TimeSpan.FromSeconds(15));
        var monitor = Monitor(server);

        await monitor.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(monitor.Current.CheckedAt), at => at == Start, "the first check at start");
            Assert.Equal(1, server.Api.RequestsTo("nodes"));

            time.Advance(TimeSpan.FromSeconds(14));
            await Task.Delay(200);
            Assert.Equal(1, server.Api.RequestsTo("nodes"));

            time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.HoldsAsync(() => Task.FromResult(monitor.Current.CheckedAt), at => at == Start.AddSeconds(15), "the second check after 15 s");
            Assert.Equal(2, server.Api.RequestsTo("nodes"));
            Assert.Equal(2, server.Api.RequestsTo("client"));
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Off_is_the_off_snapshot_and_the_loop_makes_no_call()
    {
        var services = DemoApiServer.EmqxServices(_ => { });
        await using var provider = services.BuildServiceProvider();
        var status = provider.GetRequiredService<IEmqxStatus>();
        var hosted = provider.GetRequiredService<EmqxStatusMonitor>();

        await hosted.StartAsync(CancellationToken.None);
        await hosted.StopAsync(CancellationToken.None);

        Assert.Same(hosted, status);
        Assert.Same(EmqxStatusSnapshot.Off, status.Current);
    }

    private static EmqxStatusMonitor Monitor(DemoApiServer server) => server.Services.GetRequiredService<EmqxStatusMonitor>();

    private static void AddOwnClient(SyntheticClientTable table) =>
        Assert.True(table.Add(new DemoClient(DemoApiServer.OwnClientId, null, "127.0.0.1", 50_000, Start, 60, false, 3600, 5)));

    private static async Task SetDroppedAndCheck(DemoApiServer server, EmqxStatusMonitor monitor, long dropped)
    {
        server.Table.SetQueue(DemoApiServer.OwnClientId, new SessionQueueFigures(1000, 1000, dropped, 32, 32));
        await monitor.CheckAsync(CancellationToken.None);
    }

    private static ReconcileReport Report(string? error) => new(10, 1, 2, 7, 1, 30, Start, "manual", error);
}
