using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Events;

namespace Dashboard.Tests.Components;

public sealed class ConflictsPageTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Says_what_it_looks_for_when_nothing_is_found()
    {
        var cut = _host.Context.Render<Dashboard.Components.Pages.Conflicts>();

        Assert.Contains("No active finding", cut.Find("[data-testid=no-findings]").TextContent);
    }

    [Fact]
    public async Task Renders_a_shared_client_id_as_a_row_that_expands_to_evidence_and_advice_and_updates_live()
    {
        var cut = _host.Context.Render<Dashboard.Components.Pages.Conflicts>();

        // Two devices, 10.0.0.2 and 10.0.0.3, take "plant/7" from each other four times.
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "plant/7", 4));
        await _host.Notifier.PublishPendingAsync();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=finding]")), DashboardTestHost.Wait);
        var finding = cut.Find("[data-testid=finding]");
        Assert.Equal("clientid-conflict", finding.GetAttribute("data-kind"));
        Assert.Equal("Client ID conflict", cut.Find("[data-testid=finding-kind]").TextContent);
        Assert.Equal("clients/plant%2F7", cut.Find("[data-testid=finding-client]").GetAttribute("href"));
        Assert.Equal("4", cut.Find("[data-testid=finding-count]").TextContent);
        Assert.Equal("10.0.0.2 ×2 ⇄ 10.0.0.3 ×2", cut.Find("[data-testid=finding-peers]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=finding-advice]"));

        cut.Find("[data-testid=finding-expand]").Click();

        Assert.Equal("true", cut.Find("[data-testid=finding-expand]").GetAttribute("aria-expanded"));
        Assert.Contains("unique client ID", cut.Find("[data-testid=finding-advice]").TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, cut.FindAll("[data-testid=finding-evidence] tbody tr").Count);
    }

    [Fact]
    public void Refused_connects_show_as_a_refused_connections_incident_and_as_a_loops_evidence()
    {
        // A credentials rotation: 51 devices refused with bad_username_or_password, each from its own network;
        // and one device turned away three times with server_busy while its old session was cleaned up.
        _host.Conflicts.Observe([
            .. Enumerable.Range(0, 51).Select(i => TestAccessEvents.Refused($"sensor-{i}", i * 100, ip: $"10.{i}.0.7")),
            .. Enumerable.Range(0, 3).Select(i => TestAccessEvents.Refused("loop/1", 10_000 + (i * 1_000), "server_busy", "192.168.1.20") with { PeerPort = 50001 + i }),
        ]);

        var cut = _host.Context.Render<Dashboard.Components.Pages.Conflicts>();

        var incident = cut.Find("[data-testid=incident]");
        Assert.Equal("refused-connections", incident.GetAttribute("data-kind"));
        Assert.Equal("Refused connections", cut.Find("[data-testid=incident-kind]").TextContent);
        Assert.Contains("51 refused connects", incident.TextContent, StringComparison.Ordinal);
        Assert.Contains("bad_username_or_password", incident.TextContent, StringComparison.Ordinal);
        Assert.Contains("did not accept the username and password", incident.TextContent, StringComparison.Ordinal);
        var finding = cut.Find("[data-testid=finding]");
        Assert.Equal("reconnect-loop", finding.GetAttribute("data-kind"));
        Assert.Equal("192.168.1.20 ×3 (new port each time)", cut.Find("[data-testid=finding-peers]").TextContent);
        cut.Find("[data-testid=finding-expand]").Click();
        Assert.Contains("3 connects refused with server_busy (THROTTLED)", cut.Find("[data-testid=finding-refusals]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_shows_the_active_count_and_the_top_findings()
    {
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "a", 4));
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "b", 5));

        var cut = _host.Context.Render<Overview>();
        await _host.Notifier.PublishPendingAsync();

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=active-findings-count]").TextContent), DashboardTestHost.Wait);
        Assert.Equal(2, cut.FindAll("[data-testid=top-finding]").Count);
        Assert.Equal("10.0.0.2 ×3 ⇄ 10.0.0.3 ×2", cut.Find("[data-testid=top-finding-peers]").TextContent);
    }

    [Fact]
    public void A_viewer_sees_the_finding_but_no_way_to_acknowledge_it()
    {
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "plant/7", 4));

        var cut = _host.Context.Render<Dashboard.Components.Pages.Conflicts>();
        cut.Find("[data-testid=finding-expand]").Click();

        Assert.Single(cut.FindAll("[data-testid=ack]"));
        Assert.Empty(cut.FindAll("[data-testid=ack-button]"));
        Assert.Empty(cut.FindAll("[data-testid=ack-note-input]"));
    }

    [Fact]
    public async Task The_acknowledge_button_takes_a_note_and_the_finding_then_shows_who_when_and_the_note()
    {
        _host.Authorization.SetAuthorized("ops").SetRoles(Dashboard.Auth.DashboardRoles.Operator)
            .SetPolicies(Dashboard.Auth.DashboardPolicies.Viewer, Dashboard.Auth.DashboardPolicies.Operator);
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "plant/7", 4));
        var cut = _host.Context.Render<Dashboard.Components.Pages.Conflicts>();
        Assert.Contains("memory only", cut.Find("[data-testid=ack-in-memory]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=ack-by]"));
        cut.Find("[data-testid=finding-expand]").Click();

        cut.Find("input[data-testid=ack-note-input]").Input("<script>alert(1)</script> modem swap");
        cut.Find("[data-testid=ack-button]").Click();

        cut.WaitForAssertion(() => Assert.Contains("ops (operator)", cut.Find("[data-testid=ack-by]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
        var note = cut.Find("[data-testid=ack-note]");
        Assert.Equal("<script>alert(1)</script> modem swap", note.TextContent);
        Assert.Empty(note.QuerySelectorAll("script"));
        Assert.Empty(cut.FindAll("[data-testid=ack-button]"));
        Assert.Empty(cut.FindAll("[data-testid=ack-reopened]"));
        Assert.Equal("ops", cut.Find("[data-testid=finding-acked-by]").TextContent.Trim());
        Assert.Equal("acknowledge", Assert.Single(await _host.Actions.GetAuditAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10, CancellationToken.None)).Action);
    }

    [Fact]
    public async Task An_acknowledged_finding_leaves_the_overviews_top_list_but_is_still_counted()
    {
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "a", 4));
        _host.Conflicts.Apply(TestEvents.Swaps(Now, "b", 5));
        var key = Dashboard.Core.Conflicts.FindingKeys.Of(_host.Conflicts.GetFindings().Single(f => f.ClientId == "a"));
        Assert.NotNull(await _host.Acknowledgements.AcknowledgeAsync(key, "known", new Dashboard.Api.Actor("ops", "operator"), CancellationToken.None));

        var cut = _host.Context.Render<Overview>();
        await _host.Notifier.PublishPendingAsync();

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=active-findings-count]").TextContent), DashboardTestHost.Wait);
        var top = Assert.Single(cut.FindAll("[data-testid=top-finding]"));
        Assert.Contains(">b<", top.InnerHtml, StringComparison.Ordinal);
        Assert.Contains("1 acknowledged", cut.Find("[data-testid=active-findings]").TextContent, StringComparison.Ordinal);
    }
}
