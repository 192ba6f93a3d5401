using Dashboard.Core.Groups;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>Run-time device groups (<see cref="IGroupStore"/>): kept across a reopen, in creation order, names unique ignoring case.</summary>
public abstract partial class HistoryStoreContractTests
{
    private IGroupStore Groups => ((IGroupStoreOwner)Store).Groups;

    private static StoredGroup Group(string name, string? clientId = "plant/*", string? username = null, string? cidr = null, long atMs = 10) =>
        new(name, clientId, username, cidr, "admin@example.com", At(atMs), At(atMs));

    [Fact]
    public async Task Groups_are_kept_in_creation_order_unique_ignoring_case_changed_and_removed()
    {
        Assert.True(await Groups.AddAsync(Group("plant-3", "plant-3/*", "dev-<b>", "10.3.0.0/16", 10), None));
        Assert.True(await Groups.AddAsync(Group("Alpha", null, "ops", null, 20), None));
        Assert.False(await Groups.AddAsync(Group("PLANT-3", "other/*", atMs: 30), None));

        var reopened = ((IGroupStoreOwner)await OpenInitializedAsync()).Groups;
        var listed = await reopened.ListAsync(None);
        Assert.Equal(["plant-3", "Alpha"], listed.Select(g => g.Name));
        Assert.Equal(("plant-3/*", "dev-<b>", "10.3.0.0/16", "admin@example.com", At(10)), (listed[0].ClientIdPattern, listed[0].UsernamePattern, listed[0].Cidr, listed[0].CreatedBy, listed[0].CreatedAt));
        Assert.Null(listed[1].ClientIdPattern);

        // An edit, by any case of the name, keeps the group's place and creation.
        Assert.True(await Groups.UpdateAsync(Group("Plant-3", "plant-3b/*", atMs: 40), None));
        Assert.False(await Groups.UpdateAsync(Group("nobody", atMs: 40), None));
        listed = await Groups.ListAsync(None);
        Assert.Equal(["plant-3", "Alpha"], listed.Select(g => g.Name));
        Assert.Equal(("plant-3b/*", (string?)null, (string?)null, At(10), At(40)), (listed[0].ClientIdPattern, listed[0].UsernamePattern, listed[0].Cidr, listed[0].CreatedAt, listed[0].UpdatedAt));

        Assert.True(await Groups.RemoveAsync("ALPHA", None));
        Assert.False(await Groups.RemoveAsync("alpha", None));
        Assert.True(await Groups.AddAsync(Group("alpha", atMs: 50), None));
        Assert.Equal(["plant-3", "alpha"], (await Groups.ListAsync(None)).Select(g => g.Name));
    }
}
