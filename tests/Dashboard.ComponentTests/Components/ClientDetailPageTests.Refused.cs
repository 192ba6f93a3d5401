using System.Text.Json.Nodes;
using Bunit;
using Dashboard.Components.Controls.Charts;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Lists;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;
using MudBlazor;

namespace Dashboard.Tests.Components;

/// <summary>
/// The drill-down of a client that was refused: marks on the timeline, the Refused connections
/// panel with meaning and advice, the failures among the events, and a client never online shown
/// as refused rather than unknown. Every string a client chose is hostile here.
/// </summary>
public sealed partial class ClientDetailPageTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";
    private const string RefusedId = "dev/" + Hostile;

    [Fact]
    public void A_client_refused_every_time_is_shown_refused_with_marks_reasons_advice_and_rows()
    {
        SeeRefusedStory(RefusedId);

        var cut = RenderDetail(RefusedId);

        cut.WaitForAssertion(() => Assert.Equal("refused", cut.Find("[data-testid=status-chip]").TextContent.Trim()), DashboardTestHost.Wait);
        Assert.Contains("Never connected in this range: refused 5 times", cut.Find("[data-testid=status-text]").TextContent);
        Assert.Equal("refused", cut.Find("[data-testid=client-status]").GetAttribute("data-state"));
        Assert.NotNull(cut.Find("[data-testid=no-sessions-refused]"));

        // The marks: three bad passwords in a row, then a different code, then one from another peer.
        Assert.Equal(
        [
            "3 refused (bad_username_or_password) between 2025-05-01 11:50:00 and 11:52:00 UTC · peer 10.0.0.5",
            $"1 refused ({Hostile}) at 2025-05-01 11:53:00 UTC · peer 10.0.0.5",
            "1 refused (bad_username_or_password) at 2025-05-01 11:54:00 UTC · peer 2001:db8::7",
        ],
            cut.FindAll("[data-testid=refused-mark]").Select(m => m.TextContent));
        Assert.NotNull(cut.Find("[data-testid=legend-refused]"));

        // The panel: each code with its count, meaning and advice, the denials, and the link.
        Assert.Equal(["bad_username_or_password", Hostile], cut.FindAll("[data-testid=refusal-code]").Select(c => c.TextContent));
        var advice = cut.FindAll("[data-testid=refusal-advice]").Select(a => a.TextContent).ToList();
        Assert.Equal($"What to do: {ReasonCatalog.DescribeRefusal("bad_username_or_password").Advice}", advice[0]);
        Assert.Contains(Hostile, cut.FindAll("[data-testid=refusal-meaning]")[1].TextContent);
        Assert.Contains("5 attempts refused in this range · 1 failed authentication · 1 denied", cut.Find("[data-testid=refusals-count]").TextContent);
        Assert.Contains($"publish {Hostile}", cut.Find("[data-testid=refusal-denial]").TextContent);
        Assert.Contains("no ACL rule matched", cut.Find("[data-testid=refusal-denial]").TextContent);
        Assert.Equal($"refused?clientId={Uri.EscapeDataString(RefusedId)}", cut.Find("[data-testid=refusals-link]").GetAttribute("href"));

        // The events table: every failure, newest first, with kind, code, meaning, advice and peer.
        Assert.Equal(
            ["denied", "refused", "refused", "refused", "authn failed", "refused", "refused"],
            cut.FindAll("[data-testid=event-kind]").Select(k => k.TextContent));
        Assert.Equal(
            ["bad_username_or_password", Hostile, "bad_username_or_password", "bad_username_or_password", "bad_username_or_password", "bad_username_or_password"],
            cut.FindAll("[data-testid=event-reason]").Select(r => r.TextContent));
        Assert.Equal($"What to do: {ReasonCatalog.DescribeRefusal("bad_username_or_password").Advice}", cut.FindAll("[data-testid=event-advice]")[0].TextContent);
        Assert.Equal("[2001:db8::7]:50000", cut.FindAll("[data-testid=event-peer]")[1].TextContent);
        Assert.Contains("7 events (7 refused or denied)", cut.Find("[data-testid=events-count]").TextContent);

        // Nothing a client chose reaches the page as markup.
        Assert.DoesNotContain("<img src=x", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_timeline_gets_a_refused_series_on_the_peers_rows_with_the_texts_for_its_escaping_tooltip()
    {
        SeeRefusedStory(RefusedId);

        RenderDetail(RefusedId);

        var create = Assert.Single(_charts.Invocations["create"]);
        var options = (JsonObject)create.Arguments[1]!;
        var series = Assert.Single(options["series"]!.AsArray());
        Assert.Equal(RefusedMarks.Label, (string?)series!["name"]);
        var bars = series["data"]!.AsArray();
        Assert.Equal(["10.0.0.5", "10.0.0.5", "2001:db8::7"], bars.Select(b => (string)b!["x"]!));
        Assert.All(bars, b => Assert.Equal(RefusedMarks.Color, (string)b!["fillColor"]!));
        Assert.Equal(Now.AddMinutes(-10).ToUnixTimeMilliseconds(), (long)bars[0]!["y"]![0]!);
        Assert.Equal(Now.AddMinutes(-8).ToUnixTimeMilliseconds(), (long)bars[0]!["y"]![1]!);

        // The tooltip's lines as text: charts.js escapes each (interop.tooltip "details").
        Assert.Equal("details", (string?)options["interop"]!["tooltip"]);
        var details = bars[1]!["details"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.Equal($"1 refused ({Hostile}) at 2025-05-01 11:53:00 UTC", details[0]);
        Assert.Equal($"What to do: {ReasonCatalog.DescribeRefusal(Hostile).Advice}", details[2]);
        Assert.Equal($"peer 10.0.0.5 · user {Hostile}", details[3]);

        // The axis starts shortly before the first mark, not 24 h back.
        Assert.True((long)options["xaxis"]!["min"]! > Now.AddMinutes(-12).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Marks_sit_between_sessions_and_a_session_start_splits_a_run()
    {
        var session = TestEvents.Connected(RefusedId, Now.AddMinutes(-9), "10.0.0.5", 40000, "alice");
        var end = TestEvents.Disconnected(session, Now.AddMinutes(-7), "tcp_closed");
        _host.Apply(session, end);
        _store.Add(session, end);
        _store.AddFailures(Refused(-11), Refused(-10), Refused(-6), Refused(-5));

        var cut = RenderDetail(RefusedId);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=refused-mark]").Count), DashboardTestHost.Wait);
        Assert.Equal("offline", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        var series = ((JsonObject)_charts.Invocations["create"][0].Arguments[1]!)["series"]!.AsArray();
        Assert.Equal(["sessions", RefusedMarks.Label], series.Select(s => (string)s!["name"]!));
        Assert.Equal(["10.0.0.5", "10.0.0.5"], series[1]!["data"]!.AsArray().Select(b => (string)b!["x"]!));
        Assert.Equal(
            ["connected", "disconnected", "refused", "refused", "refused", "refused"],
            cut.FindAll("[data-testid=event-kind]").Select(k => k.TextContent).OrderBy(k => k, StringComparer.Ordinal));

        AccessEvent Refused(int minutes) => TestAccessEvents.Refused(RefusedId, 0, ip: "10.0.0.5") with { EventTime = Now.AddMinutes(minutes) };
    }

    [Fact]
    public void The_marks_texts_are_in_the_viewers_time_zone()
    {
        var berlin = ViewerSettings.FindZone("Europe/Berlin")!;
        var group = new RefusedMarks.Group("10.0.0.5", "banned", 2, Now.AddMinutes(-3), Now.AddMinutes(-1), "10.0.0.5", []);

        Assert.Equal("2 refused (banned) between 2025-05-01 13:57:00 and 13:59:00 Europe/Berlin", RefusedMarks.Summary(group, berlin));
        Assert.Equal("2 refused (banned) between 2025-04-30 23:57:00 and 2025-05-01 00:01:00 UTC",
            RefusedMarks.Summary(group with { First = new(2025, 4, 30, 23, 57, 0, TimeSpan.Zero), Last = new(2025, 5, 1, 0, 1, 0, TimeSpan.Zero) }, TimeZoneInfo.Utc));
    }

    [Fact]
    public async Task Rereads_when_the_store_has_this_clients_access_failures_and_not_for_anothers()
    {
        var cut = RenderDetail(RefusedId);
        Assert.Equal("never seen", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        var reads = _store.FailureReads;

        _store.AddFailures(TestAccessEvents.Refused(RefusedId, 0) with { EventTime = Now.AddMinutes(-1) });
        _host.Notifier.MarkRefusedStored(["someone-else"]);
        await _host.Notifier.PublishPendingAsync();
        Assert.Equal(reads, _store.FailureReads);

        _host.Notifier.MarkRefusedStored([RefusedId]);
        await _host.Notifier.PublishPendingAsync();

        cut.WaitForAssertion(() => Assert.Equal("refused", cut.Find("[data-testid=status-chip]").TextContent.Trim()), DashboardTestHost.Wait);
        Assert.Equal(reads + 1, _store.FailureReads);
        Assert.Single(cut.FindAll("[data-testid=refused-mark]"));
    }

    [Fact]
    public void The_kind_filter_picks_out_the_failures()
    {
        SeeRefusedStory(RefusedId);
        var cut = RenderDetail(RefusedId);
        var kind = cut.FindComponents<MudSelect<string>>()[0];

        cut.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync("denied"));
        cut.WaitForAssertion(() => Assert.Equal(["denied"], cut.FindAll("[data-testid=event-kind]").Select(k => k.TextContent)), DashboardTestHost.Wait);

        cut.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync("authn failed"));
        cut.WaitForAssertion(() => Assert.Equal(["authn failed"], cut.FindAll("[data-testid=event-kind]").Select(k => k.TextContent)), DashboardTestHost.Wait);
    }

    [Fact]
    public void Rows_merge_newest_first_and_a_connection_event_comes_first_at_one_instant()
    {
        var at = DashboardTestHost.Start;
        var connected = new StoredEvent(1, TestEvents.Connected("c", at));
        var refused = new StoredAccessFailure(1, TestAccessEvents.Refused("c", 0) with { EventTime = at });
        var older = new StoredAccessFailure(2, TestAccessEvents.Refused("c", 0) with { EventTime = at.AddSeconds(-1) });

        var rows = ClientEventRow.Merge([connected], [refused, older]);

        Assert.Equal([ClientEventRowKind.Connected, ClientEventRowKind.Refused, ClientEventRowKind.Refused], rows.Select(r => r.Kind));
        Assert.Same(older, rows[2].Failure);
    }

    /// <summary>
    /// 11:50, 11:51, 11:52 bad password from 10.0.0.5 (username hostile); 11:53 a code nobody knows
    /// (hostile); 11:54 bad password from another peer; a failed authentication; a denial of a hostile topic.
    /// </summary>
    private void SeeRefusedStory(string clientId)
    {
        AccessEvent Refused(int minutes, string code = "bad_username_or_password", string ip = "10.0.0.5") =>
            TestAccessEvents.Refused(clientId, 0, code, ip, Hostile) with { EventTime = Now.AddMinutes(minutes), Source = EventSourceKind.Webhook };
        _store.AddFailures(
            Refused(-10),
            Refused(-9),
            TestAccessEvents.AuthnFailed(clientId, 0, ip: "10.0.0.5") with { EventTime = Now.AddMinutes(-8.5) },
            Refused(-8),
            Refused(-7, Hostile),
            Refused(-6, ip: "2001:db8::7"),
            TestAccessEvents.Denied(clientId, 0, Hostile, source: "default") with { EventTime = Now.AddMinutes(-5) });
    }
}
