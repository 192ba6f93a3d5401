using Bunit;
using Dashboard.Components.Controls.Charts;
using Dashboard.Components.Pages;
using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.History;
using Dashboard.Tests.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Shared.TestAccessEvents;

namespace Dashboard.Tests.Components;

/// <summary>
/// The Overview with a group: connects, disconnects, the reasons chart and refused connects are the group's, read from a
/// real SQLite history; a moment lists the group's clients only; with history off the page says what the group narrows.
/// </summary>
public sealed class OverviewGroupTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("overview-group-");
    private SqliteHistoryStore? _store;

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    public Task InitializeAsync()
    {
        _host.Context.Services.AddSingleton<IDeviceGroups>(new StaticDeviceGroups(new GroupMatcher([DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!])));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task With_history_the_rates_reasons_and_refused_connects_are_the_groups()
    {
        _store = new SqliteHistoryStore($"Data Source={Path.Combine(_folder.FullName, "history.db")}");
        await _store.InitializeAsync(CancellationToken.None);
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);

        // plant-3/a: connected 20 minutes ago, dropped 10 minutes ago, back 30 seconds ago and dropped again now;
        // other: three sessions ended with "kicked", the fleet's noise.
        var a1 = TestEvents.Connected("plant-3/a", Now.AddMinutes(-20));
        var a2 = TestEvents.Connected("plant-3/a", Now.AddSeconds(-30));
        List<ConnectionEvent> events = [a1, TestEvents.Disconnected(a1, Now.AddMinutes(-10), "keepalive_timeout"), a2, TestEvents.Disconnected(a2, Now.AddSeconds(-10), "tcp_closed")];
        for (var i = 1; i <= 3; i++)
        {
            var other = TestEvents.Connected("other", Now.AddMinutes(-30 + i));
            events.AddRange([other, TestEvents.Disconnected(other, Now.AddMinutes(-20 + i), "kicked")]);
        }

        _host.Apply([.. events]);
        await _store.AppendAsync(events, CancellationToken.None);
        await _store.AppendAccessFailuresAsync(
            [Refused("plant-3/a", 0) with { EventTime = Now.AddMinutes(-5) }, Refused("other", 0, "banned") with { EventTime = Now.AddMinutes(-5) }, Refused("other", 0, "banned") with { EventTime = Now.AddMinutes(-4) }],
            CancellationToken.None);
        Navigation.NavigateTo("/?group=plant-3");

        var cut = _host.Context.Render<Overview>();

        cut.WaitForAssertion(() => Assert.Equal(("2", "2"), (Text(cut, "connects-hour"), Text(cut, "disconnects-hour"))), DashboardTestHost.Wait);
        Assert.Equal(("1", "1"), (Text(cut, "connects-minute"), Text(cut, "disconnects-minute")));
        Assert.Equal("1", Text(cut, "refused-hour"));
        Assert.Equal(new Dictionary<string, long> { ["keepalive_timeout"] = 1, ["tcp_closed"] = 1 }, OverviewPageTests.Totals(cut.FindComponent<ReasonsChart>().Instance.Buckets));
        Assert.Contains("from history", Text(cut, "overview-group-scope"), StringComparison.Ordinal);
        Assert.EndsWith("refused?group=plant-3", cut.Find("[data-testid=refused-link]").GetAttribute("href"), StringComparison.Ordinal);

        // The fleet again: every reason.
        await cut.InvokeAsync(() => Navigation.NavigateTo("/"));
        cut.WaitForAssertion(() => Assert.Equal(3, OverviewPageTests.Totals(cut.FindComponent<ReasonsChart>().Instance.Buckets).GetValueOrDefault("kicked")), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=overview-group-scope]"));

        // A moment with the group lists the group's clients only: 18.5 minutes ago plant-3/a and other were both online.
        var at = Now.AddSeconds(-1110).ToUnixTimeMilliseconds();
        await cut.InvokeAsync(() => Navigation.NavigateTo($"/?group=plant-3&at={at}"));
        cut.WaitForAssertion(() => Assert.Equal(["plant-3/a"], cut.FindAll("[data-testid=moment-online-client]").Select(a => a.TextContent)), DashboardTestHost.Wait);
        await cut.InvokeAsync(() => Navigation.NavigateTo($"/?at={at}"));
        cut.WaitForAssertion(() => Assert.Equal(["other", "plant-3/a"], cut.FindAll("[data-testid=moment-online-client]").Select(a => a.TextContent)), DashboardTestHost.Wait);
    }

    [Fact]
    public void With_history_off_the_page_says_the_group_narrows_only_online_known_and_findings()
    {
        var other = TestEvents.Connected("other", Now.AddSeconds(-5));
        _host.Apply(other, TestEvents.Disconnected(other, Now, "kicked"));
        Navigation.NavigateTo("/?group=plant-3");

        var cut = _host.Context.Render<Overview>();

        cut.WaitForAssertion(() => Assert.Contains("history is off", Text(cut, "overview-group-scope"), StringComparison.Ordinal), DashboardTestHost.Wait);
        Assert.Contains("narrows only online, known and the findings", Text(cut, "overview-group-scope"), StringComparison.Ordinal);
        Assert.Equal(("1", "0"), (Text(cut, "disconnects-hour"), Text(cut, "known-count")));
    }

    private static string Text(IRenderedComponent<Overview> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();
}
