using Dashboard.Core.Live;

namespace Dashboard.Core.History;

/// <summary>
/// The clients online at a past moment, and who went offline around it, with the live list's search
/// and filters (one rule: <see cref="ClientSearch"/>, <see cref="ClientFilters"/>). The store answers
/// in batches by keyset, already narrowed to the username filter's sessions when there is one (an index of the
/// rollup), and this filters them in memory, so reading on never re-reads what came before.
/// A filter that few clients pass could walk the whole history: the scan stops after
/// <c>scanCap</c> stored rows and says so (<see cref="MomentScan{T}.ScanCapped"/>), with the place to read on
/// from, rather than presenting a short page as complete. Used by <c>/api/clients?at=</c> and the pages.
/// </summary>
public sealed class MomentClients(IHistoryStore store)
{
    /// <summary>
    /// The most stored rows one request reads (5 batches): at 100M stored events on PostgreSQL a filtered batch of 1,000
    /// took about 220 ms (bench/README.md, moment; 20,000 rows took 4.4 s), so about a second; a page that needs more
    /// says so. A username filter is read by the store from that username's sessions, so its rows are all matches.
    /// </summary>
    public const int DefaultScanCap = 5_000;

    /// <summary>Rows per read, the store's own cap (MomentQueries.MaxRows).</summary>
    private const int Batch = 1000;

    /// <summary>
    /// The clients online at <paramref name="at"/> after <paramref name="afterClientId"/>, by client ID, that
    /// match <paramref name="query"/>'s search and filters (its state, sort and paging are not read;
    /// <see cref="ClientFilters.LastReason"/> does not apply to a session still open then): skips
    /// <paramref name="skip"/> matches, then returns up to <paramref name="take"/>. The filters test the
    /// connect that began the session open at <paramref name="at"/>.
    /// </summary>
    public async Task<MomentScan<StoredEvent>> OnlineAtAsync(
        DateTimeOffset at, ClientQuery query, string? afterClientId, int skip, int take, int scanCap, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scanCap, 1);
        var match = new Match(query, query.Filters with { LastReason = null });
        var items = new List<StoredEvent>(Math.Min(take, Batch));
        var (matched, scanned) = (0, 0);
        var after = afterClientId;
        while (true)
        {
            // Without a filter every row counts: read no more than the page needs (and one to tell whether more follow).
            var wanted = match.Any ? Batch : Math.Min(Batch, skip + take + 1 - matched);
            var limit = Math.Min(wanted, scanCap - scanned);
            var batch = await store.GetOnlineAtAsync(at, after, limit, query.Filters.Username, cancellationToken);
            foreach (var connect in batch)
            {
                scanned++;
                after = connect.ClientId;
                if (!match.Test(connect, null))
                {
                    continue;
                }

                if (matched++ >= skip && items.Count < take)
                {
                    items.Add(connect);
                }
                else if (items.Count == take)
                {
                    return new MomentScan<StoredEvent>(items, true, false, items.Count > 0 ? items[^1].ClientId : after);
                }
            }

            if (batch.Count < limit)
            {
                return new MomentScan<StoredEvent>(items, false, false, null);
            }

            if (scanned >= scanCap)
            {
                return new MomentScan<StoredEvent>(items, false, true, after);
            }
        }
    }

    /// <summary>
    /// Disconnects with event time in [from, until], oldest first, up to <paramref name="take"/>, that
    /// match the search and the filters a disconnect carries: node, username, reason (its own) and group
    /// (by the disconnect's client ID, username and peer IP).
    /// </summary>
    public async Task<MomentScan<StoredEvent>> WentOfflineAsync(
        DateTimeOffset from, DateTimeOffset until, ClientQuery query, int take, int scanCap, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scanCap, 1);
        var f = query.Filters;
        var match = new Match(query, new ClientFilters { Node = f.Node, Username = f.Username, LastReason = f.LastReason, Group = f.Group });
        var items = new List<StoredEvent>(Math.Min(take, Batch));
        var (scanned, afterId) = (0, 0L);
        while (true)
        {
            var limit = Math.Min(match.Any ? Batch : Math.Min(Batch, take + 1 - items.Count), scanCap - scanned);
            var batch = await store.GetDisconnectsAsync(from, afterId, until, limit, cancellationToken);
            foreach (var disconnect in batch)
            {
                scanned++;
                (from, afterId) = (disconnect.EventTime, disconnect.Id);
                if (!match.Test(disconnect, disconnect.Reason))
                {
                    continue;
                }

                if (items.Count == take)
                {
                    return new MomentScan<StoredEvent>(items, true, false, null);
                }

                items.Add(disconnect);
            }

            if (batch.Count < limit)
            {
                return new MomentScan<StoredEvent>(items, false, false, null);
            }

            if (scanned >= scanCap)
            {
                return new MomentScan<StoredEvent>(items, false, true, null);
            }
        }
    }

    /// <summary>The search box and the field filters, read once per request.</summary>
    private readonly struct Match(ClientQuery query, ClientFilters filters)
    {
        private readonly string? _search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim();
        private readonly bool _clientIdOnly = query.ClientIdOnly;
        private readonly ClientFilters.Matcher _filters = filters.ToMatcher();
        private readonly bool _anyFilter = filters != ClientFilters.None;

        public bool Any => _search is not null || _anyFilter;

        public bool Test(StoredEvent e, string? reason) =>
            (_search is null || ClientSearch.Matches(_search, _clientIdOnly, e.ClientId, e.Username, e.PeerIp))
            && _filters.Matches(e, reason);
    }
}

/// <summary>
/// What a bounded scan found: <paramref name="Items"/>; <paramref name="HasMore"/> when another match
/// follows them; <paramref name="ScanCapped"/> when the scan stopped at its cap before it could tell
/// (the page may be short and more may follow); <paramref name="Next"/>, where to read on from
/// (the <c>after</c> of the next request), or null at the end.
/// </summary>
public sealed record MomentScan<T>(IReadOnlyList<T> Items, bool HasMore, bool ScanCapped, string? Next);
