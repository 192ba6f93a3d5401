using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Bunit;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Pages;
using Dashboard.Core.Actions;
using Dashboard.Options;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Components;

/// <summary>
/// The Kick action on the drill-down and "Kick selected" on the Clients page, per role, through a
/// confirmation, to EMQX's REST API (a fake that records what it was sent), and into the audit log.
/// </summary>
public sealed class KickActionTests : IAsyncLifetime
{
    private const string HostileId = "<b>plant</b>/7 %2F #1 ü";

    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void A_viewer_sees_no_kick_and_no_row_selection()
    {
        _host.EmqxOptions.ApiUrl = "http://emqx:18083";
        _host.Apply(TestEvents.Connected("sensor-1", Now.AddSeconds(-5)));

        var detail = RenderDetail("sensor-1");
        var clients = _host.Context.Render<Clients>();

        clients.WaitForAssertion(() => Assert.Single(clients.FindAll("[data-testid=client-id]")), DashboardTestHost.Wait);
        Assert.Empty(detail.FindAll("[data-testid=kick-button]"));
        Assert.Empty(clients.FindAll("[data-testid=kick-button]"));
        Assert.Empty(clients.FindAll("input[type=checkbox]"));
    }

    [Fact]
    public async Task An_operator_confirms_a_dialog_that_shows_the_id_as_text_and_emqx_gets_the_escaped_delete()
    {
        _host.Apply(TestEvents.Connected(HostileId, Now.AddSeconds(-5)));

        var (dialogs, cut) = OpenKickDialog(HostileId);

        var shown = dialogs.Find("[data-testid=kick-dialog-id]");
        Assert.Equal(HostileId, shown.TextContent);
        Assert.Empty(shown.QuerySelectorAll("b"));
        dialogs.Find("[data-testid=kick-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Kicked", cut.Find("[data-testid=kick-outcome]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
        var request = Assert.Single(_host.Emqx.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("/api/v5/clients/" + Uri.EscapeDataString(HostileId), request.Path);
        var row = Assert.Single(await AuditAsync());
        Assert.Equal(("ops", "operator", "kick", HostileId, "success"), (row.Actor, row.Role, row.Action, row.Target, row.Outcome));

        // Nothing changes here until EMQX reports the disconnect as an event.
        Assert.True(_host.LiveState.GetClient(HostileId)!.Online);
    }

    [Fact]
    public async Task Cancelling_sends_nothing_and_writes_nothing()
    {
        var (dialogs, cut) = OpenKickDialog("sensor-1");

        dialogs.Find("[data-testid=kick-cancel]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=kick-confirm]")), DashboardTestHost.Wait);
        Assert.Empty(_host.Emqx.Requests);
        Assert.Empty(cut.FindAll("[data-testid=kick-outcome]"));
        Assert.Empty(await AuditAsync());
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "CLIENTID_NOT_FOUND", "Client ID not found", "EMQX does not know 'sensor-1'")]
    [InlineData(HttpStatusCode.InternalServerError, "INTERNAL_ERROR", "node emqx@b is down", "EMQX answered 500 INTERNAL_ERROR: node emqx@b is down")]
    public async Task What_emqx_says_is_shown_and_audited_as_a_failure(HttpStatusCode status, string code, string message, string shown)
    {
        _host.Emqx.Answer = _ => FakeEmqxHandler.Error(status, code, message);
        var (dialogs, cut) = OpenKickDialog("sensor-1");

        dialogs.Find("[data-testid=kick-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Contains(shown, cut.Find("[data-testid=kick-outcome]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
        var row = Assert.Single(await AuditAsync());
        Assert.Equal(("sensor-1", "failure"), (row.Target, row.Outcome));
    }

    [Fact]
    public void While_the_api_is_off_the_button_is_disabled_and_says_how_to_turn_it_on()
    {
        BeOperator();
        var cut = RenderDetail("sensor-1");

        var button = cut.Find("[data-testid=kick-button]");
        Assert.True(button.HasAttribute("disabled"));
        Assert.Equal(EmqxOptions.HowToTurnOn, button.GetAttribute("aria-description"));
        Assert.Equal(EmqxOptions.HowToTurnOn, cut.FindComponent<MudTooltip>().Instance.Text);
    }

    [Fact]
    public async Task The_circuit_checks_the_policy_again_before_kicking()
    {
        var (dialogs, _) = OpenKickDialog("sensor-1");
        var confirm = dialogs.Find("[data-testid=kick-confirm]");

        // The role is taken away while the dialog is open (a stale circuit, a forged event).
        _host.Authorization.SetAuthorized("ops").SetRoles(Dashboard.Auth.DashboardRoles.Viewer).SetPolicies(Dashboard.Auth.DashboardPolicies.Viewer);
        confirm.Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=kick-confirm]")), DashboardTestHost.Wait);
        Assert.Empty(_host.Emqx.Requests);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task Kick_selected_lists_the_first_twenty_then_sends_one_bulk_call_and_audits_each_id()
    {
        BeOperator();
        _host.EmqxOptions.ApiUrl = "http://emqx:18083";
        var ids = Enumerable.Range(0, 25).Select(i => $"dev-{i:00}").ToArray();
        _host.Apply([.. ids.Select((id, i) => TestEvents.Connected(id, Now.AddSeconds(-100 + i)))]);
        var dialogs = _host.Context.Render<MudDialogProvider>();
        var cut = _host.Context.Render<Clients>();
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("[data-testid=client-id]").Count), DashboardTestHost.Wait);
        Assert.Equal("Kick selected (0)", KickSelected(cut).TextContent.Trim());
        Assert.True(KickSelected(cut).HasAttribute("disabled"));

        // The header checkbox selects the page's rows.
        cut.FindAll("thead input[type=checkbox]")[0].Change(true);
        cut.WaitForAssertion(() => Assert.Equal("Kick selected (25)", KickSelected(cut).TextContent.Trim()), DashboardTestHost.Wait);
        KickSelected(cut).Click();

        dialogs.WaitForAssertion(() => Assert.Equal(20, dialogs.FindAll("[data-testid=kick-dialog-id]").Count), DashboardTestHost.Wait);
        Assert.Equal(ids[..20], dialogs.FindAll("[data-testid=kick-dialog-id]").Select(e => e.TextContent));
        Assert.Equal("and 5 more", dialogs.Find("[data-testid=kick-dialog-more]").TextContent);
        dialogs.Find("[data-testid=kick-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Contains("EMQX kicked", cut.Find("[data-testid=kick-outcome]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
        var request = Assert.Single(_host.Emqx.Requests);
        Assert.Equal((HttpMethod.Post, "/api/v5/clients/kickout/bulk"), (request.Method, request.Path));
        Assert.Equal(ids, JsonSerializer.Deserialize<string[]>(request.Body!));
        var rows = await AuditAsync();
        Assert.Equal(ids, rows.Select(r => r.Target).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(("kick", "success", "bulk kick of 25: kicked"), (r.Action, r.Outcome, r.Detail)));

        // A kick that EMQX accepted clears the selection.
        cut.WaitForAssertion(() => Assert.Equal("Kick selected (0)", KickSelected(cut).TextContent.Trim()), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task One_selected_row_is_kicked_by_name_and_the_selection_survives_a_reload()
    {
        BeOperator();
        _host.EmqxOptions.ApiUrl = "http://emqx:18083";
        _host.Apply(TestEvents.Connected("a", Now.AddSeconds(-3)), TestEvents.Connected("b", Now.AddSeconds(-2)));
        var dialogs = _host.Context.Render<MudDialogProvider>();
        var cut = _host.Context.Render<Clients>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=client-id]").Count), DashboardTestHost.Wait);

        cut.FindAll("tbody input[type=checkbox]")[1].Change(true);
        cut.WaitForAssertion(() => Assert.Equal("Kick selected (1)", KickSelected(cut).TextContent.Trim()), DashboardTestHost.Wait);
        await _host.ApplyAndNotifyAsync(TestEvents.Connected("c", Now.AddSeconds(-1)));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=client-id]").Count), DashboardTestHost.Wait);
        KickSelected(cut).Click();
        dialogs.WaitForElement("[data-testid=kick-confirm]", DashboardTestHost.Wait).Click();

        cut.WaitForAssertion(() => Assert.Single(_host.Emqx.Requests), DashboardTestHost.Wait);
        Assert.Equal((HttpMethod.Delete, "/api/v5/clients/a"), (_host.Emqx.Requests[0].Method, _host.Emqx.Requests[0].Path));
    }

    private static IElement KickSelected(IRenderedComponent<Clients> cut) => cut.Find("[data-testid=kick-selected] [data-testid=kick-button]");

    private void BeOperator() => _host.SignInOperator();

    /// <summary>As an operator with the API on: the drill-down of <paramref name="clientId"/>, its Kick clicked, the dialog open.</summary>
    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<ClientDetail> Page) OpenKickDialog(string clientId)
    {
        BeOperator();
        _host.EmqxOptions.ApiUrl = "http://emqx:18083";
        var dialogs = _host.Context.Render<MudDialogProvider>();
        var page = RenderDetail(clientId);
        page.Find("[data-testid=kick-button]").Click();
        dialogs.WaitForElement("[data-testid=kick-confirm]", DashboardTestHost.Wait);
        return (dialogs, page);
    }

    private IRenderedComponent<ClientDetail> RenderDetail(string clientId)
    {
        _host.Context.Services.GetRequiredService<NavigationManager>().NavigateTo(ClientLinks.Detail(clientId));
        return _host.Context.Render<ClientDetail>(p => p.Add(c => c.ClientId, clientId));
    }

    private Task<IReadOnlyList<AuditEntry>> AuditAsync() => _host.Actions.GetAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100, CancellationToken.None);
}
