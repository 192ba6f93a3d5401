using Bunit;
using Dashboard.Components.Controls.Lists;
using Dashboard.Components.Pages;
using Dashboard.Core.Live;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The app bar's "go to client ID" box: suggestions from live state, and where Enter goes.</summary>
public sealed class ClientSearchBoxTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void Suggestions_put_the_exact_id_first_then_prefixes_then_the_rest_and_are_capped()
    {
        var ids = new[] { "line-plc-2", "PLC", "plc-7", "old-plc", "plc-10", "camera-1" };
        Assert.Equal(["PLC", "plc-10", "plc-7", "line-plc-2", "old-plc"], ClientSearchBox.Rank(ids, "plc"));

        var many = Enumerable.Range(0, 30).Select(i => $"sensor-{i:D2}");
        Assert.Equal(ClientSearchBox.MaxSuggestions, ClientSearchBox.Rank(many, "sensor").Count);
    }

    [Theory]
    [InlineData("plc-7", "clients/plc-7")]
    [InlineData("  plc-7 ", "clients/plc-7")]
    [InlineData("a/b c%d", "clients/a%2Fb%20c%25d")]
    [InlineData("Sensör-東京", "clients/Sens%C3%B6r-%E6%9D%B1%E4%BA%AC")]
    [InlineData(" padded ", "clients/%20padded%20")]
    [InlineData("plc", "clients?q=plc&state=all")]
    [InlineData("no/such id", "clients?q=no%2Fsuch%20id&state=all")]
    public void Enter_opens_a_known_id_and_searches_the_client_list_for_anything_else(string typed, string expected)
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "plc-7", "a/b c%d", "Sensör-東京", " padded " };
        Assert.Equal(expected, ClientSearchBox.TargetFor(typed, known.Contains));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Enter_on_nothing_goes_nowhere(string typed) => Assert.Null(ClientSearchBox.TargetFor(typed, _ => true));

    [Fact]
    public async Task Typing_offers_live_ids_and_arrow_then_enter_opens_the_highlighted_one()
    {
        await _host.ApplyAndNotifyAsync(
            TestEvents.Connected("plc/7 east", DashboardTestHost.Start),
            TestEvents.Connected("plc-8", DashboardTestHost.Start),
            TestEvents.Connected("camera-1", DashboardTestHost.Start, username: "plc-user"));
        var cut = _host.Context.Render<ClientSearchBox>();
        var input = cut.Find("input[role=combobox]");
        Assert.Equal("false", input.GetAttribute("aria-expanded"));

        await input.InputAsync(new ChangeEventArgs { Value = "plc" });
        cut.WaitForAssertion(() => Assert.Equal(["plc-8", "plc/7 east"], cut.FindAll("[role=option]").Select(o => o.TextContent).ToArray()), DashboardTestHost.Wait);
        Assert.Equal("true", cut.Find("input").GetAttribute("aria-expanded"));

        cut.Find("input").KeyDown("ArrowDown");
        cut.Find("input").KeyDown("ArrowDown");
        Assert.Equal("app-client-search-list-1", cut.Find("input").GetAttribute("aria-activedescendant"));
        Assert.Equal("true", cut.FindAll("[role=option]")[1].GetAttribute("aria-selected"));

        await cut.Find("form").SubmitAsync();
        Assert.EndsWith("/clients/plc%2F7%20east", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enter_without_an_exact_match_opens_the_client_list_searching_all_states()
    {
        await _host.ApplyAndNotifyAsync(TestEvents.Connected("plc-8", DashboardTestHost.Start));
        var cut = _host.Context.Render<ClientSearchBox>();

        await cut.Find("input").InputAsync(new ChangeEventArgs { Value = "plc" });
        await cut.Find("form").SubmitAsync();
        Assert.EndsWith("/clients?q=plc&state=all", Navigation.Uri, StringComparison.Ordinal);

        // Escape closes the list; the typed text stays for another try.
        await cut.Find("input").InputAsync(new ChangeEventArgs { Value = "plc" });
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[role=option]")), DashboardTestHost.Wait);
        cut.Find("input").KeyDown("Escape");
        Assert.Equal("false", cut.Find("input").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task A_client_known_only_from_refused_attempts_is_offered_marked_and_enter_opens_its_drill_down()
    {
        var store = new InMemoryHistoryStore();
        store.AddFailures(TestAccessEvents.Refused("plc-refused", 0), TestAccessEvents.Refused("plc-8", 0), TestAccessEvents.Refused("PLC-upper", 0));
        _host.Context.Services.AddSingleton<Dashboard.Core.History.IHistoryStore>(store);
        await _host.ApplyAndNotifyAsync(TestEvents.Connected("plc-8", DashboardTestHost.Start));
        var cut = _host.Context.Render<ClientSearchBox>();

        await cut.Find("input").InputAsync(new ChangeEventArgs { Value = "plc" });

        // Live IDs match anywhere ignoring case; refused-only IDs by exact prefix, and are marked.
        cut.WaitForAssertion(() => Assert.Equal(["plc-8", "plc-refused refused"], cut.FindAll("[role=option]").Select(o => o.TextContent).ToArray()), DashboardTestHost.Wait);
        Assert.Single(cut.FindAll("[data-testid=app-search-refused]"));

        await cut.Find("input").InputAsync(new ChangeEventArgs { Value = "plc-refused" });
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[role=option]")), DashboardTestHost.Wait);
        await cut.Find("form").SubmitAsync();
        Assert.EndsWith("/clients/plc-refused", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_history_leaves_the_live_suggestions()
    {
        var store = new InMemoryHistoryStore { FailWith = new TimeoutException("db.internal") };
        _host.Context.Services.AddSingleton<Dashboard.Core.History.IHistoryStore>(store);
        await _host.ApplyAndNotifyAsync(TestEvents.Connected("plc-8", DashboardTestHost.Start));
        var cut = _host.Context.Render<ClientSearchBox>();

        await cut.Find("input").InputAsync(new ChangeEventArgs { Value = "plc" });

        cut.WaitForAssertion(() => Assert.Equal(["plc-8"], cut.FindAll("[role=option]").Select(o => o.TextContent).ToArray()), DashboardTestHost.Wait);
    }

    [Fact]
    public void The_clients_page_reads_its_search_and_state_from_the_url()
    {
        Assert.Equal(ClientStateFilter.All, State("all"));
        Assert.Equal(ClientStateFilter.Offline, State("Offline"));
        Assert.Equal(ClientStateFilter.Online, State("bogus"));
        Assert.Equal(ClientStateFilter.Online, State(null));
        Assert.Equal("plc 7", ClientsView.ParseUrl(new Dictionary<string, string?> { ["q"] = " plc 7 " }, DashboardTestHost.Start).Search);

        static ClientStateFilter State(string? state) =>
            ClientsView.ParseUrl(new Dictionary<string, string?> { ["state"] = state }, DashboardTestHost.Start).State;
    }
}
