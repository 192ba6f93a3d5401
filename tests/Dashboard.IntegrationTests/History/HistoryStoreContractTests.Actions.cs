using Dashboard.Core.Actions;
using Dashboard.Core.History;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// Acknowledgements and the audit log (schema version 5, <see cref="IActionStore"/>): kept across a
/// reopen, replaced by key, read by time range newest first, pruned by age; a version 4 database upgrades.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    private IActionStore Actions => ((IActionStoreOwner)Store).Actions;

    private static Acknowledgement Ack(string key, long atMs, string note = "on it", int count = 3) =>
        new(key, "clientid-conflict plant/7", "ops@example.com", "operator", At(atMs), note, count);

    private static AuditEntry Audit(long atMs, string target, string? detail = "note") =>
        new(At(atMs), "ops@example.com", "operator", "acknowledge", target, "success", detail);

    [Fact]
    public async Task Acknowledgements_are_kept_across_a_reopen_replaced_by_key_and_removed()
    {
        Assert.True(Actions.IsDurable);
        var first = Ack("f-aaaaaaaaaaaaaaaaaaaaaa", 10, note: "ünï 设备 <b>bold</b>");
        var other = Ack("i-bbbbbbbbbbbbbbbbbbbbbb", 20);
        await Actions.SaveAcknowledgementAsync(first, None);
        await Actions.SaveAcknowledgementAsync(other, None);

        var reopened = ((IActionStoreOwner)await OpenInitializedAsync()).Actions;
        Assert.Equal([first, other], await reopened.GetAcknowledgementsAsync(None));

        // The same key again (acknowledged anew after a re-opening) replaces the row.
        var again = first with { Actor = "lead", At = At(30), Note = "escalated", CountAtAck = 6 };
        await reopened.SaveAcknowledgementAsync(again, None);
        Assert.Equal([other, again], await Actions.GetAcknowledgementsAsync(None));

        Assert.True(await Actions.RemoveAcknowledgementAsync(other.Key, None));
        Assert.False(await Actions.RemoveAcknowledgementAsync(other.Key, None));
        Assert.Equal([again], await Actions.GetAcknowledgementsAsync(None));
    }

    [Fact]
    public async Task A_note_any_database_refuses_is_stored_made_storable_and_bounded()
    {
        await Actions.SaveAcknowledgementAsync(Ack("f-cccccccccccccccccccccc", 10, note: "a\0b" + new string('x', 600)), None);

        var note = Assert.Single(await Actions.GetAcknowledgementsAsync(None)).Note;
        Assert.StartsWith("a\u2400b", note, StringComparison.Ordinal);
        Assert.Equal(Acknowledgement.MaxNoteLength, note.Length);
    }

    [Fact]
    public async Task The_audit_log_reads_a_range_newest_first_and_prunes_by_age()
    {
        await Actions.AppendAuditAsync(Audit(10, "a"), None);
        await Actions.AppendAuditAsync(Audit(20, "b", detail: null), None);
        await Actions.AppendAuditAsync(Audit(30, "c"), None);
        await Actions.AppendAuditAsync(Audit(30, "d"), None);

        Assert.Equal(["d", "c", "b", "a"], (await Actions.GetAuditAsync(At(0), At(100), 10, None)).Select(e => e.Target));
        Assert.Equal(Audit(20, "b", detail: null), (await Actions.GetAuditAsync(At(20), At(30), 10, None)).Single());
        Assert.Equal(["d", "c"], (await Actions.GetAuditAsync(At(0), At(100), 2, None)).Select(e => e.Target));

        // Retention: rows older than the cutoff go, newer ones stay; the events are not touched.
        Assert.Equal(2, await Actions.PruneAuditAsync(At(30), None));
        Assert.Equal(["d", "c"], (await Actions.GetAuditAsync(At(0), At(100), 10, None)).Select(e => e.Target));
        Assert.Equal(0, await Actions.PruneAuditAsync(At(30), None));
    }

    [Fact]
    public async Task A_version_4_database_upgrades_to_version_5_keeping_its_events()
    {
        var old = await CreateDatabaseAtVersionAsync(4, OneOldEvent);
        var store = await OpenInitializedAsync(old);
        var actions = ((IActionStoreOwner)store).Actions;

        Assert.Equal("a", Assert.Single(await AllAsync(store)).ClientId);
        Assert.Empty(await actions.GetAcknowledgementsAsync(None));
        await actions.SaveAcknowledgementAsync(Ack("f-dddddddddddddddddddddd", 5), None);
        await actions.AppendAuditAsync(Audit(5, "a"), None);

        // A second start finds version 5 and changes nothing.
        var again = await OpenInitializedAsync(old);
        Assert.Single(await ((IActionStoreOwner)again).Actions.GetAcknowledgementsAsync(None));
        Assert.Single(await ((IActionStoreOwner)again).Actions.GetAuditAsync(At(0), At(10), 10, None));
    }
}
