using Bunit;
using Dashboard.Auth;
using Dashboard.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>
/// Inside a circuit, navigation makes no HTTP request, so the router checks each page's policy
/// itself: a wallboard sign-in that navigates to another page sees "not allowed" and no frame
/// (the app bar's search would list client IDs); a viewer sees the page, with the role in the app bar.
/// </summary>
public sealed class RoleRoutingTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void A_wallboard_sign_in_gets_not_allowed_and_no_frame_on_another_page()
    {
        _host.Authorization.SetAuthorized("noc").SetRoles(DashboardRoles.Wallboard).SetPolicies(DashboardPolicies.Wallboard);
        Navigation.NavigateTo("/clients");

        var cut = _host.Context.Render<Routes>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=not-allowed]")), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=user-role]"));
        Assert.Empty(cut.FindAll("input"));
    }

    [Fact]
    public void A_viewer_sees_the_page_and_the_role_in_the_app_bar()
    {
        Navigation.NavigateTo("/clients");

        var cut = _host.Context.Render<Routes>();

        cut.WaitForAssertion(() => Assert.Equal("viewer", cut.Find("[data-testid=user-role]").TextContent), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=not-allowed]"));
    }
}
