using Bunit;
using Dashboard.Core.History;
using Dashboard.Groups;
using Dashboard.History;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.Components;

/// <summary>The Groups page: figures per group for viewers, editing for admins only (checked again on each action), text never markup, history off said.</summary>
public sealed class GroupsPageTests : IAsyncLifetime
{
    private const string Hostile = "<img src=x onerror=alert(1)>*";

    private readonly DashboardTestHost _host = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("groups-page-").FullName;
    private SqliteHistoryStore? _history;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (_history is not null)
        {
            await _history.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_viewer_sees_each_groups_figures_as_text_without_editing_and_is_told_history_is_off()
    {
        Register(historyOn: false);
        _host.Apply(Connected("plant-3/a", 1), Connected("plant-3/b", 2), Disconnected("plant-3/b", 3), Connected("<img src=x onerror=alert(1)>-1", 4));

        var cut = _host.Context.Render<Dashboard.Components.Pages.Groups>();

        var rows = cut.FindAll("[data-testid=group-row]");
        Assert.Equal(["plant-3 (configured)", "hostile (configured)"], rows.Select(r => r.QuerySelector("[data-testid=group-name]")!.TextContent.Trim()));
        Assert.Equal(["1 / 2", "1 / 1"], rows.Select(r => r.QuerySelector("[data-testid=group-online]")!.TextContent));
        Assert.Equal("client ID " + Hostile, rows[1].QuerySelector("[data-testid=group-criteria]")!.TextContent);
        Assert.Empty(cut.FindAll("img"));
        Assert.Equal("n/a", rows[0].QuerySelector("[data-testid=group-connects]")!.TextContent);
        Assert.Equal("n/a", rows[0].QuerySelector("[data-testid=group-uptime]")!.TextContent);
        Assert.Contains("History is off", cut.Find("[data-testid=groups-history-off]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/clients?group=plant-3", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=group-form]"));
        Assert.Empty(cut.FindAll("[data-testid=group-delete]"));
        Assert.Empty(cut.FindAll("[data-testid=group-form-off]"));
    }

    [Fact]
    public async Task An_admin_defines_and_deletes_a_group_and_a_bad_one_is_explained()
    {
        await RegisterAsync(historyOn: true);
        SignInAdmin();
        _host.Apply(Connected("line-9/a", 1, username: "ops-1"));
        var cut = _host.Context.Render<Dashboard.Components.Pages.Groups>();

        Fill(cut, "bad name", "x/*");
        cut.Find("[data-testid=group-form-add]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Name must be", cut.Find("[data-testid=group-message]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);

        Fill(cut, "line-9", "line-9/*");
        cut.Find("[data-testid=group-form-add]").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=group-row]").Count), DashboardTestHost.Wait);
        var row = cut.FindAll("[data-testid=group-row]")[2];
        Assert.Equal("line-9", row.QuerySelector("[data-testid=group-name]")!.TextContent.Trim());
        Assert.Equal("1 / 1", row.QuerySelector("[data-testid=group-online]")!.TextContent);
        Assert.Single(cut.FindAll("[data-testid=group-delete]"));
        Assert.Equal("group-create", Assert.Single(await _host.Actions.GetAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, CancellationToken.None)).Action);

        cut.Find("[data-testid=group-delete]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=group-row]").Count), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task The_role_is_checked_again_when_acting_not_only_when_showing_the_controls()
    {
        await RegisterAsync(historyOn: true);
        SignInAdmin();
        var cut = _host.Context.Render<Dashboard.Components.Pages.Groups>();
        Fill(cut, "line-9", "line-9/*");

        // The role is gone (signed in again as a viewer) while the form is still on screen.
        _host.Authorization.SetAuthorized("viewer").SetRoles(Dashboard.Auth.DashboardRoles.Viewer).SetPolicies(Dashboard.Auth.DashboardPolicies.Viewer);
        cut.Find("[data-testid=group-form-add]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Only admins", cut.Find("[data-testid=group-message]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
        Assert.Equal(2, _host.Context.Services.GetRequiredService<DeviceGroupService>().List().Count);
    }

    [Fact]
    public async Task An_admin_edits_a_run_time_group_in_its_row_and_configured_groups_say_they_are_read_only()
    {
        await RegisterAsync(historyOn: true);
        SignInAdmin();
        _host.Apply(Connected("line-9/a", 1, username: "ops-1"), Connected("line-7/a", 2, username: "ops-1"));
        var groups = _host.Context.Services.GetRequiredService<DeviceGroupService>();
        var admin = new Dashboard.Api.Actor("admin", "admin");
        Assert.Equal(GroupChangeOutcome.Done, (await groups.CreateAsync(new GroupInput("line-9", "line-9/*", null, null), admin, CancellationToken.None)).Outcome);
        var cut = _host.Context.Render<Dashboard.Components.Pages.Groups>();

        Assert.Equal(2, cut.FindAll("[data-testid=group-read-only]").Count);
        var edit = Assert.Single(cut.FindAll("[data-testid=group-edit-start]"));
        Assert.Equal("line-9", edit.Closest("tr")!.QuerySelector("[data-testid=group-name]")!.TextContent.Trim());
        edit.Click();

        // A bad network is said on its field, in the create form's words, and nothing is stored.
        EditInputs(cut)[2].Change("10.9.0.0/33");
        cut.Find("[data-testid=group-save]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Cidr is not a network such as 10.3.0.0/16 or 2001:db8::/48.", CidrError(cut)), DashboardTestHost.Wait);
        Assert.Equal("Cidr is not a network such as 10.3.0.0/16 or 2001:db8::/48.", cut.Find("[data-testid=group-message]").TextContent);
        Assert.Null(groups.Find("line-9")!.Cidr);

        EditInputs(cut)[0].Change("line-*");
        EditInputs(cut)[2].Change("");
        cut.Find("[data-testid=group-save]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=group-edit]")), DashboardTestHost.Wait);
        var row = cut.FindAll("[data-testid=group-row]")[2];
        Assert.Equal("client ID line-*", row.QuerySelector("[data-testid=group-criteria]")!.TextContent);
        Assert.Equal("2 / 2", row.QuerySelector("[data-testid=group-online]")!.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=group-message]"));
        var audit = await _host.Actions.GetAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, CancellationToken.None);
        var update = Assert.Single(audit, a => a.Action == DeviceGroupService.UpdateAction);
        Assert.Equal(("line-9", "success", "clientIdPattern=line-*"), (update.Target, update.Outcome, update.Detail));
    }

    [Fact]
    public async Task Editing_is_offered_to_admins_only_not_to_viewers_or_operators()
    {
        await RegisterAsync(historyOn: true);
        var admin = new Dashboard.Api.Actor("admin", "admin");
        await _host.Context.Services.GetRequiredService<DeviceGroupService>().CreateAsync(new GroupInput("line-9", "line-9/*", null, null), admin, CancellationToken.None);

        var asViewer = _host.Context.Render<Dashboard.Components.Pages.Groups>();
        Assert.Equal(3, asViewer.FindAll("[data-testid=group-row]").Count);
        Assert.Empty(asViewer.FindAll("[data-testid=group-edit-start]"));

        _host.Authorization.SetAuthorized("operator").SetRoles(Dashboard.Auth.DashboardRoles.Operator)
            .SetPolicies(Dashboard.Auth.DashboardPolicies.Viewer, Dashboard.Auth.DashboardPolicies.Operator);
        var asOperator = _host.Context.Render<Dashboard.Components.Pages.Groups>();
        Assert.Empty(asOperator.FindAll("[data-testid=group-edit-start]"));
        Assert.Empty(asOperator.FindAll("[data-testid=group-delete]"));

        SignInAdmin();
        var asAdmin = _host.Context.Render<Dashboard.Components.Pages.Groups>();
        Assert.Single(asAdmin.FindAll("[data-testid=group-edit-start]"));
    }

    [Fact]
    public void Wallboard_tiles_show_each_named_group_and_say_unknown_group_for_other_names_as_text()
    {
        Register(historyOn: false);
        _host.Apply(Connected("plant-3/a", 1), Connected("plant-3/b", 2), Disconnected("plant-3/b", 3));

        var names = Dashboard.Components.Pages.WallboardOptions.Parse(null, null, null, null, null, null, " PLANT-3 ,<b>x</b>,,plant-3").Groups.Pages.Single();
        var cut = _host.Context.Render<Dashboard.Components.Controls.Groups.WallboardGroupTiles>(p => p.Add(t => t.Names, names));

        var tiles = cut.FindAll("[data-testid=wb-group-tile]");
        Assert.Equal(["plant-3", "<b>x</b>"], tiles.Select(t => t.QuerySelector("[data-testid=wb-group-name]")!.TextContent));
        Assert.Equal("1 / 2", tiles[0].QuerySelector("[data-testid=wb-group-online]")!.TextContent);
        Assert.Equal(("0", "–", "–"), (tiles[0].QuerySelector("[data-testid=wb-group-findings]")!.TextContent, tiles[0].QuerySelector("[data-testid=wb-group-disconnects]")!.TextContent, tiles[0].QuerySelector("[data-testid=wb-group-uptime]")!.TextContent));
        Assert.Equal("unknown group", tiles[1].QuerySelector("[data-testid=wb-group-unknown]")!.TextContent);
        Assert.Empty(cut.FindAll("b"));
        Assert.Empty(cut.FindAll("[data-testid=wb-group-screen]"));
    }

    [Fact]
    public void Twelve_groups_on_the_wallboard_rotate_in_screens_of_four_with_the_wallboards_period()
    {
        Register(historyOn: false);
        _host.Apply(Connected("plant-3/a", 1));
        var names = "plant-3," + string.Join(",", Enumerable.Range(1, 11).Select(i => $"site-{i}"));
        _host.Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/wallboard?groups={names}&rotate=10");

        var cut = _host.Context.Render<Dashboard.Components.Pages.Wallboard>();

        string[] Shown() => [.. cut.FindAll("[data-testid=wb-group-name]").Select(n => n.TextContent)];
        Assert.Equal(["plant-3", "site-1", "site-2", "site-3"], Shown());
        Assert.Equal("groups 1–4 of 12", cut.Find("[data-testid=wb-group-screen]").TextContent);
        Assert.Equal("1 / 1", cut.Find("[data-testid=wb-group-online]").TextContent);
        Assert.Equal(3, cut.FindAll("[data-testid=wb-group-unknown]").Count);

        _host.Time.Advance(TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Equal(["site-4", "site-5", "site-6", "site-7"], Shown()), DashboardTestHost.Wait);
        Assert.Equal("groups 5–8 of 12", cut.Find("[data-testid=wb-group-screen]").TextContent);

        _host.Time.Advance(TimeSpan.FromSeconds(20));
        cut.WaitForAssertion(() => Assert.Equal(["plant-3", "site-1", "site-2", "site-3"], Shown()), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=wallboard-notice]"));
    }

    private void SignInAdmin() => _host.Authorization.SetAuthorized("admin").SetRoles(Dashboard.Auth.DashboardRoles.Admin)
        .SetPolicies(Dashboard.Auth.DashboardPolicies.Viewer, Dashboard.Auth.DashboardPolicies.Operator, Dashboard.Auth.DashboardPolicies.Admin);

    private static void Fill(IRenderedComponent<Dashboard.Components.Pages.Groups> cut, string name, string clientId)
    {
        var inputs = cut.FindAll("[data-testid=group-form] input");
        inputs[0].Change(name);
        cut.FindAll("[data-testid=group-form] input")[1].Change(clientId);
    }

    /// <summary>The client ID pattern, username pattern and network inputs of the row being edited.</summary>
    private static IReadOnlyList<AngleSharp.Dom.IElement> EditInputs(IRenderedComponent<Dashboard.Components.Pages.Groups> cut) =>
        [cut.Find("[data-testid=group-edit-client]"), cut.Find("[data-testid=group-edit-username]"), cut.Find("[data-testid=group-edit-cidr]")];

    private static string CidrError(IRenderedComponent<Dashboard.Components.Pages.Groups> cut) =>
        cut.Find("[data-testid=group-edit-cidr]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")!.TextContent;

    private void Register(bool historyOn) => RegisterAsync(historyOn).GetAwaiter().GetResult();

    private async Task RegisterAsync(bool historyOn)
    {
        IHistoryStore history = new DisabledHistoryStore();
        if (historyOn)
        {
            _history = new SqliteHistoryStore($"Data Source={Path.Combine(_directory, "history.db")}");
            await _history.InitializeAsync(CancellationToken.None);
            history = _history;
        }

        var options = new GroupsOptions();
        options.Entries["plant-3"] = new GroupOptions { ClientIdPattern = "plant-3/*" };
        options.Entries["hostile"] = new GroupOptions { ClientIdPattern = Hostile, Order = "1" };
        var audit = new Dashboard.Actions.AuditLog(_host.Actions, NullLogger<Dashboard.Actions.AuditLog>.Instance);
        var groups = new DeviceGroupService(Microsoft.Extensions.Options.Options.Create(options), history, audit, _host.Time, NullLogger<DeviceGroupService>.Instance);
        await groups.StartAsync(CancellationToken.None);
        _host.Context.Services.AddSingleton(history);
        _host.Context.Services.AddSingleton(groups);
        _host.Context.Services.AddSingleton(new GroupStatsService(groups, _host.LiveState, _host.Conflicts, history, _host.Time));
        _host.Context.Services.AddSingleton(new GroupUptimeService(groups, _host.LiveState, history, new Dashboard.Core.Maintenance.NoMaintenance(), _host.Time));
    }
}
