using System.Globalization;
using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.History;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static Dashboard.Tests.Shared.TestAccessEvents;

namespace Dashboard.Tests.Components;

/// <summary>The Refused page's range, filter and offenders' tab live in its URL (over a real SQLite history).</summary>
public sealed class RefusedPageUrlTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("refused-url-");
    private SqliteHistoryStore _store = null!;

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    public async Task InitializeAsync()
    {
        _store = new SqliteHistoryStore($"Data Source={Path.Combine(_folder.FullName, "history.db")}");
        await _store.InitializeAsync(CancellationToken.None);

        // dev-1: refused (alice) 100 minutes ago; dev-2: refused (bob) and failed authentication in the last hour.
        await _store.AppendAccessFailuresAsync(
            [
                At(Refused("dev-1", 0, "banned", ip: "192.0.2.7", username: "alice"), -100),
                At(Refused("dev-2", 0, ip: "198.51.100.9", username: "bob"), -5),
                At(AuthnFailed("dev-2", 0, ip: "198.51.100.9"), -4),
            ],
            CancellationToken.None);
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public void A_pasted_link_opens_its_range_filter_and_tab()
    {
        Navigation.NavigateTo($"refused?range=24h&username=bob&kind=connack&tab=ip");

        var cut = _host.Context.Render<Refused>();

        cut.WaitForAssertion(() => Assert.Equal(["dev-2"], Attempts(cut)), DashboardTestHost.Wait);
        Assert.Equal("connack", cut.Find("[data-testid=attempt]").Children[^1].TextContent);
        Assert.Contains("username bob", cut.Find("[data-testid=filter-shown]").TextContent, StringComparison.Ordinal);
        Assert.Contains("kind connack", cut.Find("[data-testid=filter-shown]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.7", "198.51.100.9"], cut.FindAll("[data-testid=offender-filter]").Select(a => a.TextContent).Order(StringComparer.Ordinal));
        Assert.Contains("mud-button-filled", cut.Find("[data-testid=range-24h]").ClassName, StringComparison.Ordinal);

        // A custom range by from/to: only dev-1's refusal 100 minutes ago.
        cut.InvokeAsync(() => Navigation.NavigateTo($"refused?from={Utc(Now.AddMinutes(-120))}&to={Utc(Now.AddMinutes(-60))}"));
        cut.WaitForAssertion(() => Assert.Equal(["dev-1"], Attempts(cut)), DashboardTestHost.Wait);
        Assert.NotNull(cut.Find("[data-testid=custom-range]"));

        // Values that do not read are left out (the last hour, client IDs, all kinds); the address says why.
        cut.InvokeAsync(() => Navigation.NavigateTo("refused?ip=not%20an%20address&kind=bogus&tab=%3Cscript%3E&range=1y"));
        cut.WaitForAssertion(() => Assert.Equal(["dev-2", "dev-2"], Attempts(cut)), DashboardTestHost.Wait);
        Assert.Contains("must be an address", cut.Find("[data-testid=filter-problem]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["dev-2"], cut.FindAll("[data-testid=offender-link]").Select(a => a.TextContent));
    }

    [Fact]
    public void Choices_navigate_and_back_restores_the_previous_view()
    {
        Navigation.NavigateTo("refused");
        var cut = _host.Context.Render<Refused>();
        cut.WaitForAssertion(() => Assert.Equal(["dev-2", "dev-2"], Attempts(cut)), DashboardTestHost.Wait);

        cut.Find("[data-testid=range-24h]").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, Attempts(cut).Count), DashboardTestHost.Wait);
        Assert.EndsWith("/refused?range=24h", Navigation.Uri, StringComparison.Ordinal);

        cut.Find("[data-testid=offenders-username]").Click();
        cut.WaitForAssertion(() => Assert.EndsWith("/refused?range=24h&tab=username", Navigation.Uri, StringComparison.Ordinal), DashboardTestHost.Wait);
        cut.FindAll("[data-testid=offender-filter]").Single(a => a.TextContent == "alice").Click();
        cut.WaitForAssertion(() => Assert.Equal(["dev-1"], Attempts(cut)), DashboardTestHost.Wait);
        Assert.EndsWith("/refused?range=24h&tab=username&username=alice", Navigation.Uri, StringComparison.Ordinal);

        cut.Find("[data-testid=kind-authentication]").Click();
        cut.WaitForAssertion(() => Assert.Empty(Attempts(cut)), DashboardTestHost.Wait);
        Assert.Contains("kind=authentication", Navigation.Uri, StringComparison.Ordinal);

        cut.Find("[data-testid=filter-client]").Change("dev-2");
        cut.Find("[data-testid=filter-apply]").Click();
        cut.WaitForAssertion(() => Assert.Contains("clientId=dev-2", Navigation.Uri, StringComparison.Ordinal), DashboardTestHost.Wait);

        // Back, step by step (the browser goes to the earlier URLs; bUnit keeps them newest first).
        var history = ((Bunit.TestDoubles.BunitNavigationManager)Navigation).History.Select(h => h.Uri).ToList();
        cut.InvokeAsync(() => Navigation.NavigateTo(history[2]));
        cut.WaitForAssertion(() => Assert.Equal(["dev-1"], Attempts(cut)), DashboardTestHost.Wait);
        Assert.Null(cut.Find("[data-testid=filter-client]").GetAttribute("value"));
        Assert.Contains("alice", cut.FindAll("[data-testid=offender-filter]").Select(a => a.TextContent));

        cut.InvokeAsync(() => Navigation.NavigateTo(history[4]));
        cut.WaitForAssertion(() => Assert.Equal(["dev-2", "dev-2", "dev-1"], Attempts(cut)), DashboardTestHost.Wait);
        Assert.NotEmpty(cut.FindAll("[data-testid=offender-link]"));

        cut.InvokeAsync(() => Navigation.NavigateTo(history[5]));
        cut.WaitForAssertion(() => Assert.Equal(["dev-2", "dev-2"], Attempts(cut)), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task A_group_in_the_link_narrows_the_attempts_and_the_select_navigates()
    {
        // "bob" by username first: dev-2's refusal (as bob) is bob's, its failed authentication (no username) the network's.
        _host.Context.Services.AddSingleton<IDeviceGroups>(new StaticDeviceGroups(new GroupMatcher(
        [
            DeviceGroup.TryCreate("bob", null, "bob", null, out _)!,
            DeviceGroup.TryCreate("net", null, null, "198.51.100.0/24", out _)!,
            DeviceGroup.TryCreate("one", "dev-1", null, null, out _)!,
        ])));
        Navigation.NavigateTo("refused?range=24h&group=net");

        var cut = _host.Context.Render<Refused>();

        cut.WaitForAssertion(() => Assert.Equal(["dev-2"], Attempts(cut)), DashboardTestHost.Wait);
        Assert.Equal("authentication", cut.Find("[data-testid=attempt]").Children[^1].TextContent);
        Assert.Contains("group net", cut.Find("[data-testid=filter-shown]").TextContent, StringComparison.Ordinal);

        var select = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Group");
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("one"));
        cut.WaitForAssertion(() => Assert.Equal(["dev-1"], Attempts(cut)), DashboardTestHost.Wait);
        Assert.EndsWith("/refused?range=24h&group=one", Navigation.Uri, StringComparison.Ordinal);

        await cut.InvokeAsync(() => Navigation.NavigateTo("refused?range=24h&group=nowhere"));
        cut.WaitForAssertion(() => Assert.Equal(["dev-2", "dev-2", "dev-1"], Attempts(cut)), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task A_group_narrows_the_chart_codes_offenders_and_denials_too()
    {
        await _store.AppendAccessFailuresAsync([At(Denied("dev-1", 0, "cmd/1"), -30), At(Denied("dev-2", 0, "cmd/2"), -20)], CancellationToken.None);
        _host.Context.Services.AddSingleton<IDeviceGroups>(new StaticDeviceGroups(new GroupMatcher([DeviceGroup.TryCreate("one", "dev-1", null, null, out _)!])));
        Navigation.NavigateTo("refused?range=24h&group=one");

        var cut = _host.Context.Render<Refused>();

        cut.WaitForAssertion(() => Assert.Equal(["banned"], Codes(cut)), DashboardTestHost.Wait);
        Assert.StartsWith("1 refused connect", cut.Find("[data-testid=refused-total]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(["dev-1"], cut.FindAll("[data-testid=offender-link]").Select(a => a.TextContent));
        Assert.Equal(["dev-1"], cut.FindAll("[data-testid=denial-client]").Select(a => a.TextContent));

        // The whole fleet again: both codes, both clients.
        await cut.InvokeAsync(() => Navigation.NavigateTo("refused?range=24h"));
        cut.WaitForAssertion(() => Assert.Equal(["bad_username_or_password", "banned"], Codes(cut).Order(StringComparer.Ordinal)), DashboardTestHost.Wait);
        Assert.Equal(["dev-1", "dev-2"], cut.FindAll("[data-testid=denial-client]").Select(a => a.TextContent).Order(StringComparer.Ordinal));
    }

    private static List<string> Codes(IRenderedComponent<Refused> cut) => [.. cut.FindAll("[data-testid=refused-code]").Select(c => c.TextContent)];

    private static List<string> Attempts(IRenderedComponent<Refused> cut) => [.. cut.FindAll("[data-testid=attempt-client]").Select(a => a.TextContent)];

    private static string Utc(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture));

    private AccessEvent At(AccessEvent e, int minutes) => e with { EventTime = Now.AddMinutes(minutes), ReceivedAt = Now.AddMinutes(minutes) };
}
