using Bunit;
using Dashboard.Components.Controls.Emqx;
using Dashboard.Components.Layout;
using Dashboard.Core.Actions;
using Dashboard.Core.Emqx;
using Dashboard.Emqx;
using Dashboard.Options;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The EMQX section of Diagnostics (off, on, unreachable, Reconcile now per role) and the dropped-events banner.</summary>
public sealed class EmqxStatusUiTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();
    private readonly FakeEmqxStatus _status = new();
    private readonly FakeReconciler _reconciler = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private EmqxStatusSnapshot Reachable => new(
        ApiOn: true,
        Reachable: true,
        Error: null,
        CheckedAt: Now.AddSeconds(-3),
        Version: "5.8.9",
        Nodes: [new BrokerNode("emqx@<i>10.0.0.5</i>", "5.8.9", "running"), new BrokerNode("emqx@10.0.0.6", "5.8.9", "stopped")],
        OwnQueue: new SessionQueueFigures(12, 1000, 7, 32, 32),
        DroppedUnrepaired: 7,
        LastReconcile: new ReconcileReport(1200, 4, 1, 1195, 2, 840, Now.AddMinutes(-2), "interval", null));

    [Fact]
    public void Without_a_status_service_diagnostics_says_how_to_turn_it_on()
    {
        var cut = _host.Context.Render<Dashboard.Components.Pages.Diagnostics>();

        Assert.Equal(EmqxOptions.HowToTurnOn, cut.Find("[data-testid=emqx-off]").TextContent);
    }

    [Fact]
    public void While_off_diagnostics_says_how_to_turn_it_on_and_offers_no_reconcile()
    {
        Register();
        _host.SignInOperator();

        var cut = _host.Context.Render<Dashboard.Components.Pages.Diagnostics>();

        Assert.Equal(EmqxOptions.HowToTurnOn, cut.Find("[data-testid=emqx-off]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=reconcile-now]"));
    }

    [Fact]
    public void A_viewer_sees_reachability_version_nodes_queue_and_last_reconcile_but_no_button()
    {
        Register();
        _status.Set(Reachable);

        var cut = _host.Context.Render<Dashboard.Components.Pages.Diagnostics>();

        Assert.Equal("reachable", cut.Find("[data-testid=emqx-reachable]").TextContent.Trim());
        Assert.Equal("5.8.9", cut.Find("[data-testid=emqx-version]").TextContent);
        var nodes = cut.FindAll("[data-testid=emqx-node]");
        Assert.Equal(2, nodes.Count);
        Assert.Contains("emqx@<i>10.0.0.5</i>", nodes[0].TextContent, StringComparison.Ordinal);
        Assert.Empty(nodes[0].QuerySelectorAll("i"));
        Assert.Contains("stopped", nodes[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("12 / 1,000", cut.Find("[data-testid=emqx-mqueue]").TextContent);
        Assert.Equal("7", cut.Find("[data-testid=emqx-dropped-count]").TextContent);
        Assert.Equal("32 / 32", cut.Find("[data-testid=emqx-inflight]").TextContent);
        var last = cut.Find("[data-testid=emqx-last-reconcile]");
        Assert.Contains("1,200 online at the broker", last.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 marked offline", last.TextContent, StringComparison.Ordinal);
        Assert.Equal("interval", cut.Find("[data-testid=reconcile-trigger]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=reconcile-now]"));
        Assert.Empty(cut.FindAll("[data-testid=emqx-error]"));
    }

    [Fact]
    public void Unreachable_shows_the_error_and_follows_the_status_when_it_changes()
    {
        Register();
        _status.Set(EmqxStatusSnapshot.Off with { ApiOn = true, Reachable = false, Error = "EMQX's REST API at http://emqx:18083 could not be reached: ConnectionError.", CheckedAt = Now });

        var cut = _host.Context.Render<Dashboard.Components.Pages.Diagnostics>();

        Assert.Equal("unreachable", cut.Find("[data-testid=emqx-reachable]").TextContent.Trim());
        Assert.Contains("could not be reached", cut.Find("[data-testid=emqx-error]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=emqx-no-queue]"));

        _status.Set(Reachable);
        cut.WaitForAssertion(() => Assert.Equal("reachable", cut.Find("[data-testid=emqx-reachable]").TextContent.Trim()), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task An_operator_reconciles_now_sees_the_figures_and_an_audit_row_is_written()
    {
        Register();
        _host.SignInOperator();
        _status.Set(Reachable);
        var cut = _host.Context.Render<Dashboard.Components.Pages.Diagnostics>();

        cut.Find("[data-testid=reconcile-now]").Click();

        cut.WaitForAssertion(() => Assert.Contains("3 marked online", cut.Find("[data-testid=reconcile-result]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
        Assert.Equal(["manual"], _reconciler.Triggers);
        var row = Assert.Single(await _host.Actions.GetAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, CancellationToken.None));
        Assert.Equal(("ops", EmqxStatusSection.AuditAction, "emqx", "success"), (row.Actor, row.Action, row.Target, row.Outcome));
        Assert.Contains("3 marked online", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_banner_shows_the_dropped_count_on_every_page_and_the_wallboard_and_goes_at_zero()
    {
        Register();
        var body = (RenderFragment)(b => b.AddContent(0, "page body"));
        var main = _host.Context.Render<MainLayout>(p => p.Add(l => l.Body, body));
        var wallboard = _host.Context.Render<WallboardLayout>(p => p.Add(l => l.Body, body));
        Assert.Empty(main.FindAll("[data-testid=emqx-dropped]"));

        _status.Set(Reachable);

        main.WaitForAssertion(() => Assert.Equal("EMQX dropped 7 connection events meant for this dashboard.", main.Find("[data-testid=emqx-dropped-text]").TextContent), DashboardTestHost.Wait);
        wallboard.WaitForAssertion(() => Assert.Contains("dropped 7 connection events", wallboard.Find("[data-testid=emqx-dropped]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
        var banner = main.Find("[data-testid=emqx-dropped]");
        Assert.Contains("mqtt.max_mqueue_len", banner.TextContent, StringComparison.Ordinal);
        Assert.Contains("max_inflight", banner.TextContent, StringComparison.Ordinal);
        Assert.Contains("HTTP action", banner.TextContent, StringComparison.Ordinal);
        Assert.Equal("diagnostics", main.Find("[data-testid=emqx-dropped-link]").GetAttribute("href"));
        Assert.Equal("status", banner.ParentElement!.GetAttribute("role"));
        Assert.Equal("wb-banner", wallboard.Find("[data-testid=emqx-dropped]").ParentElement!.GetAttribute("class"));

        // A finished reconcile repairs the online set: the count goes to zero and the banner with it.
        _status.RecordReconcile(Reachable.LastReconcile! with { Trigger = "manual" });
        main.WaitForAssertion(() => Assert.Empty(main.FindAll("[data-testid=emqx-dropped]")), DashboardTestHost.Wait);
        wallboard.WaitForAssertion(() => Assert.Empty(wallboard.FindAll("[data-testid=emqx-dropped]")), DashboardTestHost.Wait);
    }

    [Fact]
    public void One_dropped_event_is_said_in_the_singular()
    {
        Register();
        _status.Set(Reachable with { DroppedUnrepaired = 1 });

        var cut = _host.Context.Render<EmqxQueueBanner>();

        Assert.Equal("EMQX dropped 1 connection event meant for this dashboard.", cut.Find("[data-testid=emqx-dropped-text]").TextContent);
    }

    private void Register()
    {
        _host.Context.Services.AddSingleton<IEmqxStatus>(_status);
        _host.Context.Services.AddSingleton<IReconciler>(_reconciler);
    }
}
