using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.Components;

/// <summary>The reasons page fed by real events through live state (and history for the click-through).</summary>
public sealed partial class ReasonsPageTests : IAsyncLifetime
{
    private const string Unknown = "Weird_Reason/ü 42";

    private readonly DashboardTestHost _host = new();
    private readonly InMemoryHistoryStore _store = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_table_lists_every_reason_with_share_trend_category_and_explanation_and_unknown_ones_verbatim()
    {
        // Three hours after start-up, so that memory saw the whole previous hour too.
        _host.Time.Advance(TimeSpan.FromHours(3));
        var now = _host.Time.GetUtcNow();
        var earlier = now.AddMinutes(-70);
        Apply(("a", earlier, "tcp_closed"));
        Apply(("a", now.AddMinutes(-5), "tcp_closed"), ("b", now.AddMinutes(-4), "tcp_closed"), ("c", now.AddMinutes(-3), Unknown));

        var cut = _host.Context.Render<Reasons>();

        var rows = cut.FindAll("[data-testid=reason-row]");
        Assert.Equal(["tcp_closed", Unknown], rows.Select(r => r.QuerySelector("[data-testid=reason-name]")!.TextContent));
        Assert.Equal(ReasonCatalog.Explain("tcp_closed"), rows[0].QuerySelector("[data-testid=reason-explanation]")!.TextContent);
        Assert.Contains("66.7 %", rows[0].TextContent);
        Assert.Equal("+100 %", rows[0].QuerySelector("[data-testid=reason-trend]")!.TextContent);
        Assert.Contains("network", rows[0].TextContent);
        Assert.Null(rows[0].QuerySelector("[data-testid=unrecognised]"));

        Assert.Equal("new", rows[1].QuerySelector("[data-testid=reason-trend]")!.TextContent);
        Assert.Contains("unrecognised reason", rows[1].QuerySelector("[data-testid=unrecognised]")!.TextContent);
        Assert.Contains($"'{Unknown}'", rows[1].QuerySelector("[data-testid=reason-explanation]")!.TextContent);
        Assert.Contains("live, from memory", cut.Find("[data-testid=reason-source]").TextContent);
    }

    [Fact]
    public void A_custom_range_shows_exactly_the_chosen_span_and_refuses_an_end_before_the_start()
    {
        _host.Time.Advance(TimeSpan.FromHours(3));
        var now = _host.Time.GetUtcNow();
        Apply(("a", now.AddMinutes(-100), "tcp_closed"), ("b", now.AddMinutes(-5), "keepalive_timeout"));
        var cut = _host.Context.Render<Reasons>();

        cut.Find("[data-testid=range-custom]").Click();
        cut.Find("[data-testid=custom-from]").Change(now.AddMinutes(-120).UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        cut.Find("[data-testid=custom-to]").Change(now.AddMinutes(-60).UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        cut.Find("[data-testid=custom-apply]").Click();

        // The browser sends datetime-local values without seconds, as typed here.
        cut.WaitForAssertion(() => Assert.Equal(["tcp_closed"], cut.FindAll("[data-testid=reason-name]").Select(r => r.TextContent)), DashboardTestHost.Wait);

        cut.Find("[data-testid=custom-to]").Change(now.AddMinutes(-180).UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        cut.Find("[data-testid=custom-apply]").Click();
        Assert.Contains("start before the end", cut.Find("[data-testid=reason-error]").TextContent);
    }

    [Fact]
    public void Right_after_start_up_without_history_the_trend_is_unknown_rather_than_new()
    {
        var now = DashboardTestHost.Start;
        Apply(("a", now.AddMinutes(-5), "tcp_closed"));

        var cut = _host.Context.Render<Reasons>();

        Assert.Equal("—", cut.Find("[data-testid=reason-trend]").TextContent);
    }

    [Fact]
    public void Right_after_start_up_with_history_the_range_comes_from_history()
    {
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);
        var now = DashboardTestHost.Start;
        Apply(("a", now.AddMinutes(-5), "tcp_closed"));
        _store.Add(Disconnected(Connected("old", now.AddMinutes(-90)), now.AddMinutes(-80), "tcp_closed"));

        var cut = _host.Context.Render<Reasons>();

        Assert.Contains("from history", cut.Find("[data-testid=reason-source]").TextContent);
        Assert.Equal("±0 %", cut.Find("[data-testid=reason-trend]").TextContent);
    }

    [Fact]
    public async Task A_history_range_is_read_again_when_the_store_says_it_has_new_events()
    {
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);
        var now = DashboardTestHost.Start;
        Apply(("a", now.AddMinutes(-5), "tcp_closed"));
        var cut = _host.Context.Render<Reasons>();
        Assert.Contains("from history", cut.Find("[data-testid=reason-source]").TextContent);

        // Stored late (queued by the broker while the dashboard was down): shown once the store says so.
        var late = Connected("b", now.AddMinutes(-30));
        _store.Add(late, Disconnected(late, now.AddMinutes(-29), "kicked"));
        _host.Time.Advance(Dashboard.ViewModels.ReasonsView.HistoryReread);
        _host.Notifier.MarkStored(["b"]);
        await _host.Notifier.PublishPendingAsync();

        cut.WaitForAssertion(
            () => Assert.Equal(["kicked", "tcp_closed"], cut.FindAll("[data-testid=reason-name]").Select(r => r.TextContent).Order(StringComparer.Ordinal)),
            DashboardTestHost.Wait);
    }

    [Fact]
    public void Clicking_a_reason_lists_its_clients_from_history_with_links_to_the_drill_down()
    {
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);
        var now = DashboardTestHost.Start;
        Apply(("dev/1", now.AddMinutes(-5), Unknown), ("dev/1", now.AddMinutes(-4), Unknown), ("dev-2", now.AddMinutes(-3), Unknown), ("dev-3", now.AddMinutes(-2), "normal"));

        var cut = _host.Context.Render<Reasons>();
        cut.Find($"[data-reason='{Unknown}']").Click();

        var clients = cut.FindAll("[data-testid=reason-client]");
        Assert.Equal(["dev/1", "dev-2"], clients.Select(c => c.QuerySelector("a")!.TextContent));
        Assert.Equal("clients/dev%2F1", clients[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("2", clients[0].QuerySelectorAll("td")[1].TextContent);
    }

    [Fact]
    public void Without_history_a_range_older_than_the_live_window_says_so()
    {
        var cut = _host.Context.Render<Reasons>();

        cut.Find("[data-testid=range-7d]").Click();

        Assert.Contains("history is off", cut.Find("[data-testid=reason-error]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=reasons-empty]"));
    }

    /// <summary>Each (client, time, reason) as a connect a second before and the disconnect, into live state and history.</summary>
    private void Apply(params (string ClientId, DateTimeOffset At, string Reason)[] disconnects)
    {
        var events = new List<ConnectionEvent>();
        foreach (var (clientId, at, reason) in disconnects)
        {
            var connected = Connected(clientId, at.AddSeconds(-1));
            events.Add(connected);
            events.Add(Disconnected(connected, at, reason));
        }

        _host.Apply([.. events]);
        _store.Add([.. events]);
    }
}
