using Dashboard.Core.Maintenance;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// Maintenance windows (the last schema step, <see cref="IMaintenanceStore"/>): stored with an ID, ended
/// early once, listed as in force or to come for the calendar and as past for the page, kept across a reopen.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    private IMaintenanceStore Windows => ((IMaintenanceStoreOwner)Store).Maintenance;

    private static MaintenanceWindow Planned(string target, long fromMs, long toMs, MaintenanceScope scope = MaintenanceScope.ClientIdPattern, string note = "firmware") =>
        new(0, scope, target, At(fromMs), At(toMs), note, "ops@example.com", At(1));

    [Fact]
    public async Task A_window_is_stored_with_an_id_read_back_whole_and_kept_across_a_reopen()
    {
        var stored = await Windows.AddAsync(Planned("ünï/设备-*", 10, 20, note: "<b>bold</b> \"rollout\""), None);
        var group = await Windows.AddAsync(Planned("plant-3", 15, 25, MaintenanceScope.Group), None);

        Assert.True(stored.Id > 0);
        Assert.NotEqual(stored.Id, group.Id);
        Assert.Equal(stored, await Windows.GetAsync(stored.Id, None));
        var reopened = ((IMaintenanceStoreOwner)await OpenInitializedAsync()).Maintenance;
        Assert.Equal([stored, group], await reopened.ListEndingAfterAsync(At(0), 10, None));
        Assert.Null(await reopened.GetAsync(group.Id + 100, None));
    }

    [Fact]
    public async Task Ending_early_takes_once_and_only_while_time_is_left()
    {
        var window = await Windows.AddAsync(Planned("a*", 10, 20), None);

        Assert.False(await Windows.EndAsync(window.Id, At(20), "late", None));
        Assert.True(await Windows.EndAsync(window.Id, At(12), "lead", None));
        Assert.False(await Windows.EndAsync(window.Id, At(13), "again", None));
        Assert.False(await Windows.EndAsync(window.Id + 100, At(13), "nobody", None));

        var ended = await Windows.GetAsync(window.Id, None);
        Assert.Equal(window with { EndedAt = At(12), EndedBy = "lead" }, ended);
        Assert.Equal(At(12), ended!.EffectiveTo);
    }

    [Fact]
    public async Task The_calendar_reads_what_is_left_and_the_page_reads_the_past_latest_end_first_in_pages()
    {
        var over = await Windows.AddAsync(Planned("a*", 1, 5), None);
        var endedEarly = await Windows.AddAsync(Planned("b*", 2, 50), None);
        await Windows.EndAsync(endedEarly.Id, At(8), "lead", None);
        var running = await Windows.AddAsync(Planned("c*", 9, 30), None);
        var coming = await Windows.AddAsync(Planned("d*", 40, 60), None);

        Assert.Equal([running.Id, coming.Id], (await Windows.ListEndingAfterAsync(At(10), 10, None)).Select(w => w.Id));
        Assert.Equal([running.Id], (await Windows.ListEndingAfterAsync(At(10), 1, None)).Select(w => w.Id));
        Assert.Equal([endedEarly.Id, over.Id], (await Windows.ListPastAsync(At(10), 0, 10, None)).Select(w => w.Id));
        Assert.Equal([over.Id], (await Windows.ListPastAsync(At(10), 1, 10, None)).Select(w => w.Id));
        Assert.Empty(await Windows.ListPastAsync(At(10), 2, 10, None));
    }
}
