using Bunit;
using Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Shared.TestAccessEvents;

namespace Dashboard.Tests.Components;

/// <summary>"Refused connections, last hour" on the overview and the wallboard, from the in-memory counter (history off).</summary>
public sealed class RefusedTileTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_overview_shows_the_last_hours_refusals_and_the_top_reason_and_follows_new_ones()
    {
        // An hour after start-up: the figure covers the whole hour.
        _host.Time.Advance(TimeSpan.FromMinutes(70));
        Observe(("dev-1", "bad_username_or_password", -50), ("dev-2", "bad_username_or_password", -10), ("dev-3", "banned", -5), ("old", "banned", -65));
        _host.Refusals.Observe([AuthnFailed("dev-1", 0) with { EventTime = Now.AddMinutes(-10) }]);

        var cut = _host.Context.Render<Overview>();

        Assert.Equal("3", Text(cut, "refused-hour"));
        Assert.Equal("top reason: bad_username_or_password (2)", Text(cut, "refused-top"));
        Assert.Equal("refused", cut.Find("[data-testid=refused-link]").GetAttribute("href"));

        Observe(("dev-4", "server_busy", 0), ("dev-5", "server_busy", 0), ("dev-6", "server_busy", 0));
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal("6", Text(cut, "refused-hour")), DashboardTestHost.Wait);
        Assert.Equal("top reason: server_busy (3)", Text(cut, "refused-top"));
    }

    [Fact]
    public void Right_after_start_up_the_overview_says_since_when_it_counts()
    {
        var cut = _host.Context.Render<Overview>();

        Assert.Equal("0", Text(cut, "refused-hour"));
        Assert.StartsWith("none · since start-up", Text(cut, "refused-top"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_wallboard_shows_the_refused_panel_by_default_and_when_chosen()
    {
        Observe(("a<b>", "not_authorized", -3), ("dev-2", "not_authorized", -2), ("dev-3", "banned", -1));

        var cut = Render("");
        Assert.Equal("3", Text(cut, "wb-refused"));
        Assert.StartsWith("top reason: not_authorized (2)", Text(cut, "wb-refused-top"), StringComparison.Ordinal);

        var chosen = Render("?panels=refused,health");
        Assert.Equal("refused", chosen.Find("[data-testid=wallboard-set]").GetAttribute("data-panels"));
        Assert.Contains("Refused connections", chosen.Find("[data-testid=panel-refused]").TextContent, StringComparison.Ordinal);
        Assert.Empty(chosen.FindAll("[data-testid=panel-refused] a"));
    }

    private void Observe(params (string ClientId, string Code, int Minutes)[] refusals) =>
        _host.Refusals.Observe(refusals.Select(r => Refused(r.ClientId, 0, r.Code) with { EventTime = Now.AddMinutes(r.Minutes) }).ToArray());

    private IRenderedComponent<Wallboard> Render(string query)
    {
        _host.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/wallboard" + query);
        return _host.Context.Render<Wallboard>();
    }

    private static string Text(IRenderedComponent<Overview> cut, string testId) => cut.Find($"[data-testid={testId}]").TextContent.Trim();

    private static string Text(IRenderedComponent<Wallboard> cut, string testId) => cut.Find($"[data-testid={testId}]").TextContent.Trim();
}
