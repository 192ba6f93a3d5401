using Bunit;
using Dashboard.Components.Controls.Charts;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Pages;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Components;

/// <summary>A client's drill-down keeps its range and event filters in the URL: a link opens them, a choice navigates, back restores.</summary>
public sealed class ClientDetailPageUrlTests : IAsyncLifetime
{
    private const string ClientId = "plant-3/sensor-1";

    private readonly DashboardTestHost _host = new();
    private readonly InMemoryHistoryStore _store = new();

    public ClientDetailPageUrlTests()
    {
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);
        var charts = _host.Context.JSInterop.SetupModule(ApexChart.ModulePath);
        charts.Setup<int>("create", _ => true).SetResult(1);
        charts.Setup<bool>("update", _ => true).SetResult(true);
        charts.SetupVoid("dispose", _ => true).SetVoidResult();

        // Three days ago a session kicked; in the last hour one closed (tcp_closed) and one still open.
        var old = TestEvents.Connected(ClientId, Now.AddDays(-3));
        var first = TestEvents.Connected(ClientId, Now.AddMinutes(-50));
        var second = TestEvents.Connected(ClientId, Now.AddMinutes(-30));
        See(old, TestEvents.Disconnected(old, Now.AddDays(-3).AddMinutes(10), "kicked"), first, TestEvents.Disconnected(first, Now.AddMinutes(-40), "tcp_closed"), second);
    }

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void A_pasted_link_opens_its_range_and_event_filters()
    {
        var cut = Render("?range=7d&kind=disconnected");

        cut.WaitForAssertion(() => Assert.Equal(["tcp_closed", "kicked"], Reasons(cut)), DashboardTestHost.Wait);
        Assert.All(cut.FindAll("[data-testid=event-kind]"), k => Assert.Equal("disconnected", k.TextContent));
        Assert.Equal(ClientId, cut.Find("[data-testid=detail-client-id]").TextContent);

        // A custom range by from/to; a reason filter alone.
        cut.InvokeAsync(() => Navigation.NavigateTo($"{ClientLinks.Detail(ClientId)}?from=2025-04-28T11:00Z&to=2025-04-28T13:00Z"));
        cut.WaitForAssertion(() => Assert.Equal(["kicked"], Reasons(cut)), DashboardTestHost.Wait);
        Assert.Equal("2025-04-28T11:00", cut.Find("input[data-testid=range-from]").GetAttribute("value"));

        cut.InvokeAsync(() => Navigation.NavigateTo($"{ClientLinks.Detail(ClientId)}?reason=tcp_closed"));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=event-kind]")), DashboardTestHost.Wait);
        Assert.Equal(["tcp_closed"], Reasons(cut));

        // Values that do not read fall back: 24 h, every event; a hostile reason matches nothing and is only text.
        cut.InvokeAsync(() => Navigation.NavigateTo($"{ClientLinks.Detail(ClientId)}?range=15m&kind=%3Cb%3Ex&from=1999-01-01"));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=event-kind]").Count), DashboardTestHost.Wait);
        cut.InvokeAsync(() => Navigation.NavigateTo($"{ClientLinks.Detail(ClientId)}?reason=%3Cb%3Ex%3C%2Fb%3E"));
        cut.WaitForAssertion(() => Assert.Contains("No event matches", cut.Find("[data-testid=no-events]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("b"));
    }

    [Fact]
    public async Task Choices_navigate_and_back_restores_the_previous_view()
    {
        var cut = Render(string.Empty);
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=event-kind]").Count), DashboardTestHost.Wait);

        cut.FindAll(".mud-toggle-item").Single(e => e.TextContent.Trim() == "7 d").Click();
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=event-kind]").Count), DashboardTestHost.Wait);
        Assert.EndsWith("/clients/plant-3%2Fsensor-1?range=7d", Navigation.Uri, StringComparison.Ordinal);

        var kind = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Kind");
        await cut.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync("disconnected"));
        cut.WaitForAssertion(() => Assert.Equal(["tcp_closed", "kicked"], Reasons(cut)), DashboardTestHost.Wait);
        Assert.EndsWith("?range=7d&kind=disconnected", Navigation.Uri, StringComparison.Ordinal);

        // Custom starts from the range on screen; an end before the start stays in the inputs, unsent.
        cut.FindAll(".mud-toggle-item").Single(e => e.TextContent.Trim() == "Custom").Click();
        cut.WaitForAssertion(() => Assert.Contains("from=", Navigation.Uri, StringComparison.Ordinal), DashboardTestHost.Wait);
        Assert.DoesNotContain("range=", Navigation.Uri, StringComparison.Ordinal);
        var custom = Navigation.Uri;
        cut.Find("input[data-testid=range-to]").Change("2000-01-01T00:00");
        Assert.Contains("start must be before the end", cut.Find("[data-testid=range-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal(custom, Navigation.Uri);

        // Back twice (the browser goes to the earlier URLs; bUnit keeps them newest first), then forward.
        var history = ((Bunit.TestDoubles.BunitNavigationManager)Navigation).History.Select(h => h.Uri).ToList();
        await cut.InvokeAsync(() => Navigation.NavigateTo(history[1]));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=range-from]")), DashboardTestHost.Wait);
        Assert.Equal(["tcp_closed", "kicked"], Reasons(cut));
        Assert.Empty(cut.FindAll("[data-testid=range-error]"));

        await cut.InvokeAsync(() => Navigation.NavigateTo(history[2]));
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=event-kind]").Count), DashboardTestHost.Wait);

        await cut.InvokeAsync(() => Navigation.NavigateTo(history[0]));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=range-from]")), DashboardTestHost.Wait);
        Assert.Equal(["tcp_closed", "kicked"], Reasons(cut));
    }

    private static List<string> Reasons(IRenderedComponent<ClientDetail> cut) => [.. cut.FindAll("[data-testid=event-reason]").Select(r => r.TextContent)];

    private IRenderedComponent<ClientDetail> Render(string query)
    {
        Navigation.NavigateTo(ClientLinks.Detail(ClientId) + query);
        return _host.Context.Render<ClientDetail>(p => p.Add(c => c.ClientId, ClientId));
    }

    private void See(params ConnectionEvent[] events)
    {
        _host.Apply(events);
        _store.Add(events);
    }
}
