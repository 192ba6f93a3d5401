using Dashboard.Core.Events;

namespace Dashboard.Core.Live;

/// <summary>Live state's side of a reconcile: confirm a listing page, find what it did not confirm, count the corrections applied.</summary>
public sealed partial class LiveState
{
    private long _correctedOnline;
    private long _correctedOffline;

    /// <summary>
    /// Corrections from EMQX's listing (source <c>rest</c>) that changed the online set since start-up:
    /// sessions they started or replaced, and sessions they ended. A reconcile reports the difference.
    /// </summary>
    public (long Online, long Offline) CorrectionsApplied => (Interlocked.Read(ref _correctedOnline), Interlocked.Read(ref _correctedOffline));

    /// <summary>
    /// One listing page, as the connects it would make: stamps the sessions it confirms and returns
    /// how many; the rest go to <paramref name="corrections"/>. Holds the write lock for one page only.
    /// </summary>
    public int ConfirmListed(IReadOnlyList<ConnectionEvent> listed, List<ConnectionEvent> corrections)
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _lock.EnterWriteLock();
        try
        {
            return _clients.ConfirmListed(listed, nowMs, corrections);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The online sessions not confirmed since <paramref name="listingStart"/> that began before it,
    /// less <paramref name="margin"/>. One pass under the read lock: the pipeline's next batch waits
    /// for it (about 45 ms for a million clients on the shared 2-core machine; see bench/README.md, "reconcile").
    /// </summary>
    public List<UnconfirmedSession> FindUnconfirmed(DateTimeOffset listingStart, TimeSpan margin)
    {
        var found = new List<UnconfirmedSession>();
        var since = listingStart.ToUnixTimeMilliseconds();
        var before = (listingStart - margin).ToUnixTimeMilliseconds();
        _lock.EnterReadLock();
        try
        {
            _clients.CollectUnconfirmed(since, before, found);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return found;
    }

    /// <summary>Called under the write lock for every applied correction.</summary>
    private void CountCorrection(ProjectionOutcome outcome)
    {
        if (outcome is ProjectionOutcome.WentOnline or ProjectionOutcome.SessionReplaced)
        {
            Interlocked.Increment(ref _correctedOnline);
        }
        else if (outcome == ProjectionOutcome.WentOffline)
        {
            Interlocked.Increment(ref _correctedOffline);
        }
    }
}
