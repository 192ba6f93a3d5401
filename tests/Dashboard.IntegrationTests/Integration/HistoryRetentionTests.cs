using Dashboard.Tests.Shared;
using System.Net.Http.Json;
using System.Text;
using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Core.Actions;
using Dashboard.Core.History;
using Dashboard.History;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Dashboard.Tests.Shared.TestAccessEvents;

namespace Dashboard.Tests.Integration;

public sealed class HistoryRetentionTests
{
    [Fact]
    public async Task Events_older_than_the_retention_are_pruned_in_batches_and_newer_ones_kept()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:RetentionDays"] = "1",
            ["History:PruneBatchSize"] = "7",
        });
        app.StartServer();
        using var http = app.CreateClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var old = Enumerable.Range(0, 30).Select(i => $$"""{"event":"client.connected","clientid":"old-{{i}}","connected_at":{{1749550000000 + i}}}""");
        var recent = $$"""{"event":"client.connected","clientid":"recent","connected_at":{{now - 60_000}}}""";
        (await app.PostToWebhookAsync(string.Join("\n", old.Append(recent)))).EnsureSuccessStatusCode();

        var retention = app.Services.GetServices<IHostedService>().OfType<HistoryRetention>().Single();
        var pruned = await retention.PruneOnceAsync(app.Services.GetRequiredService<IHistoryStore>(), CancellationToken.None);

        Assert.Equal(30, pruned);
        var left = await http.GetFromJsonAsync<EventDto[]>("/api/events/export?from=2000-01-01T00:00:00Z", DashboardApp.Json);
        Assert.Equal(["recent"], left!.Select(e => e.ClientId));
    }

    [Fact]
    public async Task Audit_rows_older_than_the_retention_are_pruned_with_the_events()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:RetentionDays"] = "1",
        });
        app.StartServer();
        var audit = app.Services.GetRequiredService<AuditLog>();
        var now = DateTimeOffset.UtcNow;
        await audit.RecordAsync(new AuditEntry(now.AddDays(-2), "ops", "operator", "acknowledge", "old", "success", null));
        await audit.RecordAsync(new AuditEntry(now.AddHours(-1), "ops", "operator", "acknowledge", "recent", "success", null));

        var retention = app.Services.GetServices<IHostedService>().OfType<HistoryRetention>().Single();
        await retention.PruneOnceAsync(app.Services.GetRequiredService<IHistoryStore>(), CancellationToken.None);

        using var http = app.CreateClient();
        var left = await http.GetFromJsonAsync<AuditEntryDto[]>($"/api/audit?from={now.AddDays(-3).ToUnixTimeMilliseconds()}", DashboardApp.Json);
        Assert.Equal(["recent"], left!.Select(e => e.Target));
    }

    [Fact]
    public async Task Refused_connections_older_than_the_retention_are_pruned_in_batches_with_the_events()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["History:RetentionDays"] = "1",
            ["History:PruneBatchSize"] = "3",
        });
        app.StartServer();
        var store = app.Services.GetRequiredService<IHistoryStore>();
        var now = DateTimeOffset.UtcNow;
        var old = Enumerable.Range(0, 7).Select(i => Refused($"old-{i}", 0) with { EventTime = now.AddDays(-2).AddMinutes(i) });
        await store.AppendAccessFailuresAsync([.. old, Refused("recent", 0) with { EventTime = now.AddHours(-1) }], CancellationToken.None);

        var retention = app.Services.GetServices<IHostedService>().OfType<HistoryRetention>().Single();
        await retention.PruneOnceAsync(store, CancellationToken.None);

        using var http = app.CreateClient();
        var left = await http.GetFromJsonAsync<RefusedDto[]>($"/api/refused?from={now.AddDays(-3).ToUnixTimeMilliseconds()}", DashboardApp.Json);
        Assert.Equal(["recent"], left!.Select(f => f.ClientId));
    }
}
