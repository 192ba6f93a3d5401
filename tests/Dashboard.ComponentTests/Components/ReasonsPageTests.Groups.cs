using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Groups;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

// The clients behind a reason follow the page's group, as its chart and table do.
public sealed partial class ReasonsPageTests
{
    [Fact]
    public async Task The_clients_behind_a_reason_are_the_groups_when_a_group_is_chosen()
    {
        SeeTwoReasons();
        Apply(("dev-3", Now.AddMinutes(-50), "tcp_closed"), ("dev-3", Now.AddMinutes(-40), "tcp_closed"));
        _host.Context.Services.AddSingleton<IDeviceGroups>(new StaticDeviceGroups(new GroupMatcher([DeviceGroup.TryCreate("one", "dev-1", null, null, out _)!])));
        Navigation.NavigateTo("reasons?range=24h&reason=tcp_closed&group=one");

        var cut = _host.Context.Render<Reasons>();

        cut.WaitForAssertion(() => Assert.Equal(["dev-1"], ReasonClients(cut)), DashboardTestHost.Wait);

        // The whole fleet again, the reason kept: both clients, the one with more disconnects first.
        await cut.InvokeAsync(() => Navigation.NavigateTo("reasons?range=24h&reason=tcp_closed"));
        cut.WaitForAssertion(() => Assert.Equal(["dev-3", "dev-1"], ReasonClients(cut)), DashboardTestHost.Wait);
    }

    private static string[] ReasonClients(IRenderedComponent<Reasons> cut) =>
        [.. cut.FindAll("[data-testid=reason-client] a").Select(a => a.TextContent)];
}
