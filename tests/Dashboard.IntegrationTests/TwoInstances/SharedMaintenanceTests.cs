using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.History;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.TwoInstances;

/// <summary>
/// Two app hosts on one PostgreSQL: a maintenance window planned or ended on one is in force, or over, on the
/// other without a restart (LISTEN/NOTIFY), so neither raises incidents the other would not.
/// </summary>
public sealed class SharedMaintenanceTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_notice_names_maintenance_and_carries_no_text()
    {
        var payload = ActionNotifications.Format(ActionNotice.MaintenanceChanged, "proc1");
        Assert.Equal("v1|maint|proc1|", payload);
        Assert.True(ActionNotifications.TryParse(payload, out var notice, out var sender));
        Assert.Equal((ActionNotice.MaintenanceChanged, "proc1"), (notice, sender));
    }

    [Fact]
    public async Task A_window_planned_and_ended_on_one_instance_is_in_force_and_then_over_on_the_other()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = SharedActionsTests.StartApp(database);
        await using var b = SharedActionsTests.StartApp(database);
        using var httpA = a.CreateClient();
        using var httpB = b.CreateClient();
        var now = DateTimeOffset.UtcNow;

        using var created = await httpA.PostAsJsonAsync("/api/maintenance", new { scope = "clientIdPattern", target = "plant-3/*", from = now.ToString("O"), to = now.AddHours(1).ToString("O"), note = "rollout" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await ActiveOnAsync(httpB, ids => ids.SequenceEqual([id]), "B has A's window in force");
        using (var ended = await httpA.PostAsync($"/api/maintenance/{id}/end", null))
        {
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        }

        await ActiveOnAsync(httpB, ids => ids.Length == 0, "B knows A ended it");
    }

    private static Task<long[]> ActiveOnAsync(HttpClient http, Func<long[], bool> condition, string what) => Eventually.HoldsAsync(
        async () => (await http.GetFromJsonAsync<JsonElement>("/api/maintenance")).GetProperty("active").EnumerateArray().Select(w => w.GetProperty("id").GetInt64()).ToArray(),
        condition,
        what,
        Patience);
}
