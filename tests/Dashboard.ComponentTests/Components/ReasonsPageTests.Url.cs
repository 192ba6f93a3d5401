using System.Globalization;
using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using MudBlazor;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

// The Reasons page's range and selected reason live in its URL: a link opens them, a choice navigates, back restores.
public sealed partial class ReasonsPageTests
{
    private DateTimeOffset Now => _host.Time.GetUtcNow();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    /// <summary>Three hours after start-up, with history: "tcp_closed" 100 minutes ago (dev-1), "kicked" 5 minutes ago (dev-2).</summary>
    private void SeeTwoReasons()
    {
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);
        _host.Time.Advance(TimeSpan.FromHours(3));
        Apply(("dev-1", Now.AddMinutes(-100), "tcp_closed"), ("dev-2", Now.AddMinutes(-5), "kicked"));
    }

    [Fact]
    public void A_pasted_link_opens_its_custom_range_and_selected_reason()
    {
        SeeTwoReasons();
        Navigation.NavigateTo($"reasons?from={Utc(Now.AddMinutes(-120))}&to={Utc(Now.AddMinutes(-60))}&reason=tcp_closed");

        var cut = _host.Context.Render<Reasons>();

        cut.WaitForAssertion(() => Assert.Equal(["dev-1"], cut.FindAll("[data-testid=reason-client] a").Select(a => a.TextContent)), DashboardTestHost.Wait);
        Assert.Equal(["tcp_closed"], Reasons(cut));
        Assert.Contains("selected", cut.Find("[data-reason=tcp_closed]").ClassName, StringComparison.Ordinal);
        Assert.Equal(Input(Now.AddMinutes(-120)), cut.Find("[data-testid=custom-from]").GetAttribute("value"));
        Assert.Equal(Input(Now.AddMinutes(-60)), cut.Find("[data-testid=custom-to]").GetAttribute("value"));

        // Values that do not read fall back: the last hour, nothing selected; a hostile reason is only text.
        cut.InvokeAsync(() => Navigation.NavigateTo("reasons?range=1y&from=x&reason=%3Cb%3Eno%3C%2Fb%3E"));
        cut.WaitForAssertion(() => Assert.Equal(["kicked"], Reasons(cut)), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=custom-range]"));
        Assert.Empty(cut.FindAll("b"));
        Assert.Contains("&lt;b&gt;no&lt;/b&gt;", cut.Find("[data-testid=reason-clients]").InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_in_the_link_narrows_the_reasons_to_its_clients_and_the_select_navigates()
    {
        SeeTwoReasons();
        _host.Context.Services.AddSingleton<IDeviceGroups>(new StaticDeviceGroups(new GroupMatcher(
        [
            DeviceGroup.TryCreate("one", "dev-1", null, null, out _)!,
            DeviceGroup.TryCreate("two", "dev-2", null, null, out _)!,
        ])));
        Navigation.NavigateTo("reasons?range=24h&group=one");

        var cut = _host.Context.Render<Reasons>();

        cut.WaitForAssertion(() => Assert.Equal(["tcp_closed"], Reasons(cut)), DashboardTestHost.Wait);
        Assert.Contains("from history", cut.Find("[data-testid=reason-source]").TextContent, StringComparison.Ordinal);

        var select = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Group");
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("TWO"));
        cut.WaitForAssertion(() => Assert.Equal(["kicked"], Reasons(cut)), DashboardTestHost.Wait);
        Assert.EndsWith("/reasons?range=24h&group=two", Navigation.Uri, StringComparison.Ordinal);

        await cut.InvokeAsync(() => Navigation.NavigateTo("reasons?range=24h&group=one"));
        cut.WaitForAssertion(() => Assert.Equal(["tcp_closed"], Reasons(cut)), DashboardTestHost.Wait);
        await cut.InvokeAsync(() => Navigation.NavigateTo("reasons?range=24h&group=nowhere"));
        cut.WaitForAssertion(() => Assert.Equal(["kicked", "tcp_closed"], Reasons(cut).Order(StringComparer.Ordinal)), DashboardTestHost.Wait);
    }

    [Fact]
    public void With_history_off_a_group_says_it_needs_history()
    {
        _host.Context.Services.AddSingleton<IDeviceGroups>(new StaticDeviceGroups(new GroupMatcher([DeviceGroup.TryCreate("one", "dev-1", null, null, out _)!])));
        Navigation.NavigateTo("reasons?group=one");

        var cut = _host.Context.Render<Reasons>();

        cut.WaitForAssertion(() => Assert.Contains("group filter needs history", cut.Find("[data-testid=reason-error]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
    }

    [Fact]
    public void Choices_navigate_and_back_and_forward_restore_each_view()
    {
        SeeTwoReasons();
        Navigation.NavigateTo("reasons");
        var cut = _host.Context.Render<Reasons>();
        Assert.Equal(["kicked"], Reasons(cut));

        // A preset, then a reason: each a new history entry, defaults left out.
        cut.Find("[data-testid=range-24h]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["kicked", "tcp_closed"], Reasons(cut).Order(StringComparer.Ordinal)), DashboardTestHost.Wait);
        Assert.EndsWith("/reasons?range=24h", Navigation.Uri, StringComparison.Ordinal);

        cut.Find("[data-reason=tcp_closed]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["dev-1"], cut.FindAll("[data-testid=reason-client] a").Select(a => a.TextContent)), DashboardTestHost.Wait);
        Assert.EndsWith("/reasons?range=24h&reason=tcp_closed", Navigation.Uri, StringComparison.Ordinal);

        // A custom range keeps the reason.
        cut.Find("[data-testid=range-custom]").Click();
        cut.Find("[data-testid=custom-from]").Change(Input(Now.AddMinutes(-30)));
        cut.Find("[data-testid=custom-to]").Change(Input(Now));
        cut.Find("[data-testid=custom-apply]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["kicked"], Reasons(cut)), DashboardTestHost.Wait);
        Assert.EndsWith($"/reasons?reason=tcp_closed&from={Utc(Now.AddMinutes(-30))}&to={Utc(Now)}", Navigation.Uri, StringComparison.Ordinal);

        // Back three times (the browser goes to the earlier URLs; bUnit keeps them newest first), then forward.
        var history = ((Bunit.TestDoubles.BunitNavigationManager)Navigation).History.Select(h => h.Uri).ToList();
        cut.InvokeAsync(() => Navigation.NavigateTo(history[1]));
        cut.WaitForAssertion(() => Assert.Equal(["kicked", "tcp_closed"], Reasons(cut).Order(StringComparer.Ordinal)), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=custom-range]"));
        Assert.Contains("selected", cut.Find("[data-reason=tcp_closed]").ClassName, StringComparison.Ordinal);

        cut.InvokeAsync(() => Navigation.NavigateTo(history[3]));
        cut.WaitForAssertion(() => Assert.Equal(["kicked"], Reasons(cut)), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=reason-clients]"));

        cut.InvokeAsync(() => Navigation.NavigateTo(history[0]));
        cut.WaitForAssertion(() => Assert.Equal(Input(Now.AddMinutes(-30)), cut.Find("[data-testid=custom-from]").GetAttribute("value")), DashboardTestHost.Wait);
        Assert.Equal(["kicked"], Reasons(cut));
    }

    private static List<string> Reasons(IRenderedComponent<Reasons> cut) => [.. cut.FindAll("[data-testid=reason-name]").Select(r => r.TextContent)];

    private static string Input(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static string Utc(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture));
}
