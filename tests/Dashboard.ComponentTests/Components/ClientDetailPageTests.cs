using System.Text.Json.Nodes;
using Bunit;
using Dashboard.Components.Controls.Charts;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Pages;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Components;

public sealed partial class ClientDetailPageTests : IAsyncLifetime
{
    private const string ClientId = "sensor-1";

    private readonly DashboardTestHost _host = new();
    private readonly InMemoryHistoryStore _store = new();
    private readonly BunitJSModuleInterop _charts;

    public ClientDetailPageTests()
    {
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);
        _charts = _host.Context.JSInterop.SetupModule(ApexChart.ModulePath);
        _charts.Setup<int>("create", _ => true).SetResult(1);
        _charts.Setup<bool>("update", _ => true).SetResult(true);
        _charts.SetupVoid("dispose", _ => true).SetVoidResult();
    }

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Shows_live_status_events_newest_first_and_the_summary()
    {
        SeeTakeoverStory();

        var cut = RenderDetail(ClientId);

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=event-kind]").Count), DashboardTestHost.Wait);
        Assert.Equal(ClientId, cut.Find("[data-testid=detail-client-id]").TextContent);
        Assert.Equal("online", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Equal("20 min ago", cut.Find("[data-testid=status-since]").TextContent);
        Assert.Equal("10.0.0.2:41000", cut.Find("[data-testid=status-peer]").TextContent);
        Assert.Equal("mallory", cut.Find("[data-testid=status-username]").TextContent);
        Assert.Equal("emqx@172.18.0.2", cut.Find("[data-testid=status-node]").TextContent);
        Assert.Equal("5.0", cut.Find("[data-testid=status-protocol]").TextContent);
        Assert.Equal("60", cut.Find("[data-testid=status-keepalive]").TextContent);
        Assert.Equal("yes", cut.Find("[data-testid=status-clean-start]").TextContent);

        Assert.Equal(
            ["disconnected", "connected", "connected", "disconnected", "connected"],
            cut.FindAll("[data-testid=event-kind]").Select(e => e.TextContent));
        Assert.Equal(["takenover", "tcp_closed"], cut.FindAll("[data-testid=event-reason]").Select(e => e.TextContent));
        Assert.Contains(ReasonCatalog.Explain("takenover")!, cut.Markup);
        Assert.Equal("2025-05-01T11:40:00.005Z", cut.FindAll("[data-testid=event-time]")[0].GetAttribute("title"));

        // Online 11:10–11:20 and 11:30–now (the takeover overlap counts once): 40 min of 24 h.
        Assert.Equal("2.8 %", cut.Find("[data-testid=summary-uptime]").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=summary-disconnects]").TextContent);
        Assert.Equal("3", cut.Find("[data-testid=summary-sessions]").TextContent);
        Assert.Contains("mean length 10 min", cut.Markup);
        Assert.Equal("2 · 2", cut.Find("[data-testid=summary-peers]").TextContent);
        var peers = cut.FindAll("[data-testid=peer-row]");
        Assert.Equal(["10.0.0.2", "10.0.0.1"], peers.Select(r => r.Children[0].TextContent));
        Assert.Equal("50001, 50002", peers[1].Children[1].TextContent);
    }

    [Fact]
    public void The_chart_gets_one_bar_per_session_coloured_by_how_it_ended()
    {
        SeeTakeoverStory();

        RenderDetail(ClientId);

        _host.Context.JSInterop.VerifyInvoke("import");
        var create = Assert.Single(_charts.Invocations["create"]);
        var options = (JsonObject)create.Arguments[1]!;
        Assert.Equal("rangeBar", (string?)options["chart"]!["type"]);

        // The axis starts shortly before the first session (5 % of the 50 minutes), not 24 h back.
        Assert.Equal(Now.AddMinutes(-52.5).ToUnixTimeMilliseconds(), (long)options["xaxis"]!["min"]!);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), (long)options["xaxis"]!["max"]!);
        var bars = options["series"]![0]!["data"]!.AsArray();
        Assert.Equal(["10.0.0.1", "10.0.0.1", "10.0.0.2"], bars.Select(b => (string)b!["x"]!));
        Assert.Equal(["tcp_closed", "takenover", "open"], bars.Select(b => (string)b!["ending"]!));
        Assert.Equal(
            [SessionEndings.ColorOf(SessionEndGroup.Transport), SessionEndings.ColorOf(SessionEndGroup.TakenOver), SessionEndings.ColorOf(SessionEndGroup.Open)],
            bars.Select(b => (string)b!["fillColor"]!));
        Assert.Equal(
            [Now.AddMinutes(-40), Now.AddMinutes(-20).AddMilliseconds(5), Now],
            bars.Select(b => DateTimeOffset.FromUnixTimeMilliseconds((long)b!["y"]![1]!)));
        Assert.Equal(Now.AddMinutes(-50).ToUnixTimeMilliseconds(), (long)bars[0]!["y"]![0]!);
        var takeoverDetails = bars[1]!["details"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.Contains("replaced by 10.0.0.2:41000 · user mallory · node emqx@172.18.0.2", takeoverDetails);
        Assert.Contains("peer 10.0.0.1:50002 · user alice · node emqx@172.18.0.2", takeoverDetails);
    }

    [Theory]
    [InlineData("plant/line 7/press")]
    [InlineData("100%/a%2Fb")]
    [InlineData("capteur-température ÿ 東京")]
    public void A_client_id_with_slashes_percent_signs_spaces_and_unicode_round_trips(string clientId)
    {
        var connected = TestEvents.Connected(clientId, Now.AddMinutes(-5), "10.0.0.9", 40000, "dev");
        See(connected);

        // The router's value is not trusted (it unescapes twice); pass what it would give for "a%2Fb".
        var cut = RenderDetail(clientId, routeValue: Uri.UnescapeDataString(Uri.UnescapeDataString(ClientLinks.Detail(clientId)["clients/".Length..])));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=event-kind]")), DashboardTestHost.Wait);
        Assert.Equal(clientId, cut.Find("[data-testid=detail-client-id]").TextContent);
        Assert.Equal("online", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.All(_store.Queries, q => Assert.Equal(clientId, q.ClientId));
        Assert.Contains($"clientId={Uri.EscapeDataString(clientId)}&", cut.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public async Task Follows_live_changes_that_name_this_client_and_rereads_history_once_the_store_has_its_events()
    {
        var connected = TestEvents.Connected(ClientId, Now.AddMinutes(-5));
        See(connected);
        await _host.Notifier.PublishPendingAsync();
        var cut = RenderDetail(ClientId);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=event-kind]")), DashboardTestHost.Wait);
        var queries = _store.Queries.Count;

        // Another client's change: nothing to reload.
        await _host.ApplyAndNotifyAsync(TestEvents.Connected("other", Now));
        Assert.Equal(queries, _store.Queries.Count);

        _host.Time.Advance(TimeSpan.FromSeconds(10));
        var disconnected = TestEvents.Disconnected(connected, Now.AddSeconds(-2), "keepalive_timeout");
        _host.Apply(disconnected);
        await _host.Notifier.PublishPendingAsync();

        // The live status follows at once; the history write lands later (the store may retry for 10 s),
        // and the page reads history when the store says it has this client's events, not on a guess.
        cut.WaitForAssertion(() => Assert.Equal("offline", cut.Find("[data-testid=status-chip]").TextContent.Trim()), DashboardTestHost.Wait);
        Assert.Single(cut.FindAll("[data-testid=event-kind]"));
        Assert.Equal(queries, _store.Queries.Count);
        _host.Time.Advance(TimeSpan.FromSeconds(10));
        _store.Add(disconnected);
        Assert.Equal(queries, _store.Queries.Count);

        // Another client's events stored: nothing to read.
        _host.Notifier.MarkStored(["other"]);
        await _host.Notifier.PublishPendingAsync();
        Assert.Equal(queries, _store.Queries.Count);

        _host.Notifier.MarkStored([ClientId]);
        await _host.Notifier.PublishPendingAsync();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=event-kind]").Count), DashboardTestHost.Wait);
        Assert.Equal("keepalive_timeout", cut.Find("[data-testid=status-reason]").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=summary-disconnects]").TextContent);
        cut.WaitForAssertion(() => Assert.NotEmpty(_charts.Invocations["update"]), DashboardTestHost.Wait);
    }

    [Fact]
    public void Range_presets_and_export_links_follow_the_chosen_range()
    {
        var cut = RenderDetail(ClientId);
        Assert.Equal(
            $"api/events/export?clientId={ClientId}&from=2025-04-30T12%3A00%3A00.000Z&to=2025-05-01T12%3A00%3A00.000Z&format=csv",
            cut.Find("[data-testid=export-csv]").GetAttribute("href"));
        Assert.EndsWith("&format=json", cut.Find("[data-testid=export-json]").GetAttribute("href"));
        Assert.Equal(Now.AddDays(-1), _store.Queries[^1].From);

        cut.InvokeAsync(() => cut.FindComponent<MudToggleGroup<RangePreset>>().Instance.ValueChanged.InvokeAsync(RangePreset.Hour));

        cut.WaitForAssertion(() => Assert.Equal((Now.AddHours(-1), Now), (_store.Queries[^1].From, _store.Queries[^1].To)), DashboardTestHost.Wait);
        Assert.Contains("from=2025-05-01T11%3A00%3A00.000Z", cut.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    [Fact]
    public void Filters_events_by_kind_and_reason()
    {
        SeeTakeoverStory();
        var cut = RenderDetail(ClientId);
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=event-kind]").Count), DashboardTestHost.Wait);
        var selects = cut.FindComponents<MudSelect<string>>();

        cut.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync("disconnected"));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=event-kind]").Count), DashboardTestHost.Wait);

        cut.InvokeAsync(() => selects[1].Instance.ValueChanged.InvokeAsync("tcp_closed"));
        cut.WaitForAssertion(() => Assert.Equal(["tcp_closed"], cut.FindAll("[data-testid=event-reason]").Select(e => e.TextContent)), DashboardTestHost.Wait);
        Assert.Contains("1 of 5 events", cut.Find("[data-testid=events-count]").TextContent);
    }

    [Fact]
    public void An_unknown_client_is_never_seen()
    {
        var cut = RenderDetail("nobody");

        Assert.Equal("never seen", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Contains("has not been seen", cut.Find("[data-testid=status-text]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=no-sessions]"));
        Assert.Empty(_charts.Invocations["create"]);
    }

    [Fact]
    public void A_failing_store_is_reported_on_the_page_without_its_internals()
    {
        _store.FailWith = new TimeoutException("Host=db.internal;Password=hunter2 did not answer");

        var cut = RenderDetail(ClientId);

        // The kind of failure and a reference for the log; never the exception's own text.
        var error = cut.Find("[data-testid=load-error]").TextContent;
        Assert.Contains("History could not be read", error);
        Assert.Matches("timed out \\(ref [0-9a-f]{8}\\)", error);
        Assert.DoesNotContain("db.internal", error);
        Assert.DoesNotContain("hunter2", error);
    }

    [Fact]
    public void A_clamped_connect_is_marked_and_the_timeline_ends_it_as_live_state_does()
    {
        // The broker stamped the connect far ahead, so the parser set it to the arrival time; the
        // disconnect names the broker's real connected_at, which only the broker knows.
        var clamped = TestEvents.Connected(ClientId, Now.AddMinutes(-30)) with { TimeClamped = true };
        See(clamped, TestEvents.Disconnected(clamped, Now.AddMinutes(-10), "keepalive_timeout") with { ConnectedAt = Now.AddHours(-3) });

        var cut = RenderDetail(ClientId);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=event-kind]").Count), DashboardTestHost.Wait);
        var marker = Assert.Single(cut.FindAll("[data-testid=event-time-clamped]"));
        Assert.Contains("allowed clock skew", marker.GetAttribute("title"));
        Assert.Equal("offline", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Equal("1", cut.Find("[data-testid=summary-sessions]").TextContent);
    }

    private IRenderedComponent<ClientDetail> RenderDetail(string clientId, string? routeValue = null)
    {
        _host.Context.Services.GetRequiredService<NavigationManager>().NavigateTo(ClientLinks.Detail(clientId));
        return _host.Context.Render<ClientDetail>(p => p.Add(c => c.ClientId, routeValue ?? clientId));
    }

    /// <summary>What the pipeline does: live state and notification first, history too.</summary>
    private void See(params ConnectionEvent[] events)
    {
        _host.Apply(events);
        _store.Add(events);
    }

    /// <summary>
    /// 11:10 connect, 11:20 tcp_closed; 11:30 reconnect; 11:40 another device (10.0.0.2) takes the
    /// client ID, and the old session's takeover disconnect is stamped 5 ms after the new connect.
    /// </summary>
    private void SeeTakeoverStory()
    {
        var first = TestEvents.Connected(ClientId, Now.AddMinutes(-50), "10.0.0.1", 50001, "alice");
        var second = TestEvents.Connected(ClientId, Now.AddMinutes(-30), "10.0.0.1", 50002, "alice");
        var intruder = TestEvents.Connected(ClientId, Now.AddMinutes(-20), "10.0.0.2", 41000, "mallory");
        See(
            first,
            TestEvents.Disconnected(first, Now.AddMinutes(-40), "tcp_closed"),
            second,
            intruder,
            TestEvents.Disconnected(second, Now.AddMinutes(-20).AddMilliseconds(5), "takenover"));
    }
}
