using System.Net;
using System.Net.Http.Json;
using Dashboard.Core.Groups;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.TwoInstances;

/// <summary>Two real app hosts on one PostgreSQL database: a group an admin defines, changes or deletes on one is in force on the other, without a restart.</summary>
public sealed class SharedGroupsTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_group_defined_changed_and_deleted_on_one_instance_is_in_force_on_the_other()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = SharedActionsTests.StartApp(database);
        await using var b = SharedActionsTests.StartApp(database);
        using var httpA = a.CreateClient();
        var groupsB = b.Services.GetRequiredService<IDeviceGroups>();
        var changesOnB = 0;
        groupsB.Changed += () => Interlocked.Increment(ref changesOnB);

        using (var created = await httpA.PostAsJsonAsync("/api/groups", new { name = "plant-3", clientIdPattern = "plant-3/*" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(groupsB.Current.GroupOf("plant-3/pump", null, null)), g => g == "plant-3", "B puts A's new group in force", Patience);
        Assert.True(Volatile.Read(ref changesOnB) > 0);

        using (var changed = await httpA.PutAsJsonAsync("/api/groups/plant-3", new { clientIdPattern = "plant-3b/*" }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(groupsB.Current.GroupOf("plant-3b/pump", null, null)), g => g == "plant-3", "B takes A's change", Patience);
        Assert.Null(groupsB.Current.GroupOf("plant-3/pump", null, null));

        using (var deleted = await httpA.DeleteAsync("/api/groups/plant-3"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(groupsB.Current.Groups.Count), n => n == 0, "B drops A's deleted group", Patience);
    }
}
