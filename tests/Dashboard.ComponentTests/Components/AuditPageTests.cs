using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Actions;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The audit page: rows of the last week, newest first, as text.</summary>
public sealed class AuditPageTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Lists_the_last_weeks_rows_newest_first_with_their_text_encoded()
    {
        await _host.Actions.AppendAuditAsync(new AuditEntry(Now.AddDays(-8), "ops", "operator", "acknowledge", "too-old", "success", null), CancellationToken.None);
        await _host.Actions.AppendAuditAsync(new AuditEntry(Now.AddHours(-2), "ops", "operator", "acknowledge", "clientid-conflict a", "success", "first"), CancellationToken.None);
        await _host.Actions.AppendAuditAsync(new AuditEntry(Now.AddHours(-1), "<img src=x onerror=alert(1)>", "admin", "acknowledge", "flapping b", "success", null), CancellationToken.None);

        var cut = _host.Context.Render<Audit>();

        var rows = cut.FindAll("[data-testid=audit-row]");
        Assert.Equal(["flapping b", "clientid-conflict a"], rows.Select(r => r.QuerySelector("[data-testid=audit-target]")!.TextContent));
        Assert.Equal("<img src=x onerror=alert(1)>", rows[0].QuerySelector("[data-testid=audit-actor]")!.TextContent);
        Assert.Empty(cut.FindAll("img"));
        Assert.Equal("first", rows[1].QuerySelector("[data-testid=audit-detail]")!.TextContent);
        Assert.Contains("memory only", cut.Find("[data-testid=audit-in-memory]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_again_once_a_burst_of_rows_is_signalled_here_or_by_another_instance()
    {
        var audit = _host.Context.Services.GetRequiredService<Dashboard.Actions.AuditLog>();
        var cut = _host.Context.Render<Audit>();
        Assert.Empty(cut.FindAll("[data-testid=audit-row]"));

        // Another instance's rows: in the shared store, then signalled (ActionNotificationListener does so).
        await _host.Actions.AppendAuditAsync(new AuditEntry(Now, "ops", "operator", "acknowledge", "flapping b", "success", null), CancellationToken.None);
        audit.SignalAppended();
        await _host.Actions.AppendAuditAsync(new AuditEntry(Now, "ops", "operator", "kick", "c", "success", null), CancellationToken.None);
        audit.SignalAppended();

        // Throttled: nothing read before the interval has passed.
        _host.Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Empty(cut.FindAll("[data-testid=audit-row]"));
        _host.Time.Advance(TimeSpan.FromMilliseconds(200));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=audit-row]").Count), DashboardTestHost.Wait);

        // A row recorded here shows too.
        await audit.RecordAsync(new AuditEntry(Now, "ops", "operator", "kick", "d", "success", null));
        _host.Time.Advance(TimeSpan.FromMilliseconds(300));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=audit-row]").Count), DashboardTestHost.Wait);
    }

    [Fact]
    public void Says_so_when_nothing_was_recorded()
    {
        var cut = _host.Context.Render<Audit>();

        Assert.Contains("No action recorded", cut.Find("[data-testid=no-audit]").TextContent, StringComparison.Ordinal);
    }
}
