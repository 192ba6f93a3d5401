using Dashboard.History;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>
/// <c>History:SessionsRollup</c> off: the store writes no sessions and answers "online at T" from the events, the same
/// answer; turned on again, the backfill fills the rollup from scratch, and the rollup answers as the events do.
/// </summary>
public abstract partial class HistoryStoreContractTests
{
    [Fact]
    public async Task Without_the_rollup_no_session_is_written_and_online_at_answers_from_the_events()
    {
        var off = await OpenInitializedAsync(keepSessions: false);

        await off.AppendAsync(MomentHistory(), None);

        Assert.Equal(0, await CountSessionsAsync());
        Assert.Equal(["a", "b", "c"], (await off.GetOnlineAtAsync(At(10), null, 3, null, None)).Select(e => e.Event.ClientId));
        Assert.False(((ISessionRollup)off).KeepsSessions);
    }

    [Fact]
    public async Task A_rollup_left_behind_while_off_is_filled_again_when_it_is_kept_once_more()
    {
        // Kept for the first half; then a start without it stores the second half; then a start with it again.
        var history = MessyHistory(8).OrderBy(e => e.EventTime).ToList();
        await AppendInBatchesAsync(history.Take(history.Count / 2), 10);
        var off = await OpenInitializedAsync(keepSessions: false);
        foreach (var batch in history.Skip(history.Count / 2).Chunk(10))
        {
            await off.AppendAsync(batch, None);
        }

        var on = await OpenInitializedAsync();
        while (!(await ((ISessionRollup)on).BackfillStepAsync(7, None)).Done)
        {
        }

        await AssertRollupMatchesEventsAsync(0);
    }
}
