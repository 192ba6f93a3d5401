using Bunit;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Pages;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;
using Dashboard.History;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Shared.TestAccessEvents;

namespace Dashboard.Tests.Components;

/// <summary>The refused-connections page over a real SQLite history (or, with history off, the in-memory counter).</summary>
public sealed class RefusedPageTests : IAsyncLifetime
{
    /// <summary>A client ID as an attacker would write it: markup, quotes and a slash.</summary>
    private const string Hostile = "<script>alert('x')</script>\"q/1";

    private const string OddCode = "weird<b>code</b>";

    private readonly DashboardTestHost _host = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("refused-page-");
    private SqliteHistoryStore? _store;

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Lists_each_reason_code_with_its_meaning_and_advice_and_an_unknown_one_verbatim()
    {
        await HistoryWithAsync(
            At(Refused("dev-1", 0, ip: "192.0.2.7"), -5),
            At(Refused("dev-1", 0, ip: "192.0.2.7"), -4),
            At(Refused("dev-2", 0, "banned"), -3),
            At(Refused("dev-3", 0, OddCode), -2));

        var cut = Render();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=refused-row]").Count), DashboardTestHost.Wait);
        var rows = cut.FindAll("[data-testid=refused-row]");
        Assert.Equal(["bad_username_or_password", "banned", OddCode], rows.Select(r => r.QuerySelector("[data-testid=refused-code]")!.TextContent));
        var known = ReasonCatalog.DescribeRefusal("bad_username_or_password");
        Assert.Equal(known.Explanation, rows[0].QuerySelector("[data-testid=refused-meaning]")!.TextContent);
        Assert.Equal(known.Advice, rows[0].QuerySelector("[data-testid=refused-advice]")!.TextContent);
        Assert.Contains("50", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Null(rows[0].QuerySelector("[data-testid=unrecognised]"));

        Assert.NotNull(rows[2].QuerySelector("[data-testid=unrecognised]"));
        Assert.Contains($"'{OddCode}'", rows[2].QuerySelector("[data-testid=refused-meaning]")!.TextContent, StringComparison.Ordinal);
        // Text everywhere (the chart's label is an attribute): no element came from the code.
        Assert.DoesNotContain(cut.FindAll("b"), b => b.TextContent == "code");
        Assert.Contains("weird&lt;b&gt;code&lt;/b&gt;", cut.Find("[data-testid=refused-table]").InnerHtml, StringComparison.Ordinal);
        Assert.Contains("4 refused connects", cut.Find("[data-testid=refused-total]").TextContent, StringComparison.Ordinal);
        Assert.Contains("from history", cut.Find("[data-testid=refused-source]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offenders_link_to_the_drill_down_and_hostile_client_ids_are_encoded()
    {
        await HistoryWithAsync(
            At(Refused(Hostile, 0, ip: "192.0.2.8"), -5),
            At(Refused(Hostile, 0, ip: "192.0.2.8"), -4),
            At(Refused("dev-1", 0, "server_busy"), -3));

        var cut = Render();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=offender]").Count), DashboardTestHost.Wait);
        var first = cut.FindAll("[data-testid=offender]")[0];
        var link = first.QuerySelector("[data-testid=offender-link]")!;
        Assert.Equal(Hostile, link.TextContent);
        Assert.Equal(ClientLinks.Detail(Hostile), link.GetAttribute("href"));
        Assert.Contains("bad_username_or_password ×2", first.TextContent, StringComparison.Ordinal);
        Assert.Equal(ClientLinks.Detail("dev-1"), cut.FindAll("[data-testid=offender-link]")[1].GetAttribute("href"));

        // Every place the ID shows (offenders, attempts) is text: no element came from it.
        Assert.DoesNotContain("<script>", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("script"));

        cut.Find("[data-testid=offenders-peerip]").Click();
        Assert.Equal(["192.0.2.8", "10.0.0.1"], cut.FindAll("[data-testid=offender-filter]").Select(a => a.TextContent));
    }

    [Fact]
    public async Task Lists_recent_attempts_of_both_kinds_and_a_click_on_an_offender_filters_them()
    {
        await HistoryWithAsync(
            At(AuthnFailed("dev-1", 0, ip: "192.0.2.7"), -5),
            At(Refused("dev-1", 0, ip: "192.0.2.7", username: "alice"), -5),
            At(Refused("dev-2", 0, "banned", ip: "198.51.100.9", username: "bob"), -3),
            At(Denied("dev-3", 0, "t/1"), -2));

        var cut = Render();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=attempt]").Count), DashboardTestHost.Wait);
        var attempts = cut.FindAll("[data-testid=attempt]");
        Assert.Contains("banned", attempts[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("198.51.100.9:50000", attempts[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("emqx@10.0.0.100", attempts[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(["authentication", "connack", "connack"], attempts.Select(a => a.Children[^1].TextContent).Order(StringComparer.Ordinal));
        Assert.Equal(ClientLinks.Detail("dev-2"), attempts[0].QuerySelector("[data-testid=attempt-client]")!.GetAttribute("href"));

        cut.Find("[data-testid=offenders-username]").Click();
        cut.FindAll("[data-testid=offender-filter]").Single(a => a.TextContent == "bob").Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=attempt]")), DashboardTestHost.Wait);
        Assert.Contains("dev-2", cut.Find("[data-testid=attempt]").TextContent, StringComparison.Ordinal);
        Assert.Contains("username bob", cut.Find("[data-testid=filter-shown]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=filter-clear]").Click();
        cut.Find("[data-testid=offenders-network]").Click();
        cut.FindAll("[data-testid=offender-filter]").Single(a => a.TextContent == "192.0.2.0/24").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=attempt]").Count), DashboardTestHost.Wait);
        Assert.All(cut.FindAll("[data-testid=attempt]"), a => Assert.Contains("dev-1", a.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Query_parameters_filter_the_attempts_on_first_load_and_a_bad_ip_is_explained()
    {
        await HistoryWithAsync(
            At(Refused("dev-1", 0), -5),
            At(Refused("dev-2", 0, "banned"), -4),
            At(Refused("dev-2", 0), -3));

        var cut = Render("?clientId=dev-2&reasonCode=banned");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=attempt]")), DashboardTestHost.Wait);
        Assert.Contains("banned", cut.Find("[data-testid=attempt]").TextContent, StringComparison.Ordinal);
        Assert.Contains("client ID dev-2", cut.Find("[data-testid=filter-shown]").TextContent, StringComparison.Ordinal);
        Assert.Equal("dev-2", cut.Find("[data-testid=filter-client]").GetAttribute("value"));

        // The chart and the table stay whole: the filter narrows the attempts only.
        Assert.Equal(2, cut.FindAll("[data-testid=refused-row]").Count);

        cut.Find("[data-testid=filter-client]").Change("");
        cut.Find("[data-testid=filter-code]").Change("");
        cut.Find("[data-testid=filter-ip]").Change("not an address");
        cut.Find("[data-testid=filter-apply]").Click();
        Assert.Contains("must be an address", cut.Find("[data-testid=filter-problem]").TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=attempt]"));
    }

    [Fact]
    public async Task Authorization_denials_show_topic_action_and_source_and_explain_default()
    {
        await HistoryWithAsync(
            At(Denied("dev-1", 0, "secret/<t>", "subscribe", "default"), -5),
            At(Denied("dev-1", 0, "secret/<t>", "subscribe", "default"), -4),
            At(Denied("dev-2", 0, "a/b", "publish", "file"), -3));

        var cut = Render();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=denial]").Count), DashboardTestHost.Wait);
        var first = cut.FindAll("[data-testid=denial]")[0];
        Assert.Contains("secret/<t>", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("subscribe", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("no source matched", first.QuerySelector("[data-testid=denial-source]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(ClientLinks.Detail("dev-1"), first.QuerySelector("[data-testid=denial-client]")!.GetAttribute("href"));
        Assert.DoesNotContain("no source matched", cut.FindAll("[data-testid=denial]")[1].TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=refused-row]"));
    }

    [Fact]
    public async Task New_refusals_appear_when_the_store_says_it_has_them()
    {
        await HistoryWithAsync(At(Refused("dev-1", 0), -5));
        var cut = Render();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=refused-row]")), DashboardTestHost.Wait);

        await _store!.AppendAccessFailuresAsync([At(Refused("dev-2", 0, "server_busy"), 0)], CancellationToken.None);
        _host.Notifier.MarkRefusedStored(["dev-2"]);
        await _host.Notifier.PublishPendingAsync();
        _host.Time.Advance(Dashboard.ViewModels.RefusedView.HistoryReread);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=refused-row]").Count), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task A_custom_range_shows_only_its_span_and_refuses_an_end_before_the_start()
    {
        await HistoryWithAsync(At(Refused("dev-1", 0, "banned"), -100), At(Refused("dev-2", 0), -5));
        var cut = Render();
        cut.WaitForAssertion(() => Assert.Equal(["bad_username_or_password"], cut.FindAll("[data-testid=refused-code]").Select(c => c.TextContent)), DashboardTestHost.Wait);

        cut.Find("[data-testid=range-custom]").Click();
        cut.Find("[data-testid=custom-from]").Change(Typed(Now.AddMinutes(-120)));
        cut.Find("[data-testid=custom-to]").Change(Typed(Now.AddMinutes(-60)));
        cut.Find("[data-testid=custom-apply]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["banned"], cut.FindAll("[data-testid=refused-code]").Select(c => c.TextContent)), DashboardTestHost.Wait);
        Assert.Equal(["dev-1"], cut.FindAll("[data-testid=attempt-client]").Select(a => a.TextContent));

        cut.Find("[data-testid=custom-to]").Change(Typed(Now.AddMinutes(-180)));
        cut.Find("[data-testid=custom-apply]").Click();
        Assert.Contains("start before the end", cut.Find("[data-testid=refused-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_history_it_says_so_and_shows_the_last_hour_from_memory()
    {
        _host.Refusals.Observe([At(Refused("dev-1", 0), -5), At(Refused("dev-2", 0, "banned"), -4), At(AuthnFailed("dev-1", 0), -5)]);

        var cut = Render();

        Assert.Contains("need history", cut.Find("[data-testid=refused-history-off]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["bad_username_or_password", "banned"], cut.FindAll("[data-testid=refused-code]").Select(c => c.TextContent));
        Assert.Contains("live, from memory", cut.Find("[data-testid=refused-source]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=refused-offenders]"));
        Assert.Empty(cut.FindAll("[data-testid=refused-attempts]"));

        // Live: memory is re-read on the page's period.
        _host.Refusals.Observe([At(Refused("dev-3", 0, "server_busy"), 0)]);
        _host.Time.Advance(TimeSpan.FromSeconds(5));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=refused-code]").Count), DashboardTestHost.Wait);

        cut.Find("[data-testid=range-24h]").Click();
        cut.WaitForAssertion(() => Assert.Contains("memory keeps only the last hour", cut.Find("[data-testid=refused-chart-notice]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
    }

    private static string Typed(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private AccessEvent At(AccessEvent e, int minutes) => e with { EventTime = Now.AddMinutes(minutes), ReceivedAt = Now.AddMinutes(minutes) };

    private async Task HistoryWithAsync(params AccessEvent[] failures)
    {
        _store = new SqliteHistoryStore($"Data Source={Path.Combine(_folder.FullName, "history.db")}");
        await _store.InitializeAsync(CancellationToken.None);
        await _store.AppendAccessFailuresAsync(failures, CancellationToken.None);
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);
    }

    private IRenderedComponent<Refused> Render(string query = "")
    {
        _host.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/refused" + query);
        return _host.Context.Render<Refused>();
    }
}
