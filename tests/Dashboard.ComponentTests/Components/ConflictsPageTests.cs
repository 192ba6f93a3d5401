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
    public async Task Renders_a_shared_client_id_with_evidence_meaning_advice_and_a_link_and_updates_live()
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
        Assert.Contains("10.0.0.2", cut.Find("[data-testid=finding-peers]").TextContent);
        Assert.Contains("10.0.0.3", cut.Find("[data-testid=finding-peers]").TextContent);
        Assert.Contains("unique client ID", cut.Find("[data-testid=finding-advice]").TextContent, StringComparison.OrdinalIgnoreCase);
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
    }

}
