namespace Dashboard.Core.Live;

/// <summary>Reading the projection: filtered, sorted pages of client snapshots.</summary>
public sealed partial class OnlineClients
{
    /// <summary>
    /// One page of clients. Only the rows up to the end of the requested page are ordered, so the
    /// pages of a million clients cost a pass or two, not a full sort: by time through a selection
    /// on the times (<see cref="QueryByTime"/>), by client ID through a bounded heap.
    /// </summary>
    public PagedResult<ClientSnapshot> Query(ClientQuery query)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, ClientQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        var wanted = (long)page * pageSize;
        var comparer = RowComparer.For(query.SortBy, query.Descending);
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim();
        if (query.SortBy != ClientSortField.ClientId)
        {
            return QueryByTime(query, search, comparer, wanted, pageSize);
        }

        // Keep the `wanted` best rows: the heap's root is the worst of them, replaced by better ones.
        var heap = new PriorityQueue<ClientRecord, ClientRecord>(Comparer<ClientRecord>.Create((a, b) => comparer.Compare(b, a)));
        var total = 0;
        foreach (var record in _clients.Values)
        {
            if (!Matches(record, query, search))
            {
                continue;
            }

            total++;
            if (heap.Count < wanted)
            {
                heap.Enqueue(record, record);
            }
            else if (comparer.Compare(record, heap.Peek()) < 0)
            {
                heap.DequeueEnqueue(record, record);
            }
        }

        var ordered = new ClientRecord[heap.Count];
        for (var i = ordered.Length - 1; i >= 0; i--)
        {
            ordered[i] = heap.Dequeue();
        }

        return Page(ordered, wanted, pageSize, total);
    }

    private static PagedResult<ClientSnapshot> Page(ClientRecord[] ordered, long wanted, int pageSize, int total)
    {
        var skip = (int)Math.Min(wanted - pageSize, ordered.Length);
        var items = ordered.Skip(skip).Take(pageSize).Select(record => record.ToSnapshot()).ToArray();
        return new PagedResult<ClientSnapshot>(items, total);
    }

    private static bool Matches(ClientRecord record, ClientQuery query, string? search)
    {
        var stateMatches = query.State switch
        {
            ClientStateFilter.Online => record.Online,
            ClientStateFilter.Offline => !record.Online,
            _ => true,
        };
        if (!stateMatches)
        {
            return false;
        }

        return search is null
            || record.ClientId.Contains(search, StringComparison.OrdinalIgnoreCase)
            || (!query.ClientIdOnly && MatchesUserOrPeer(record, search));
    }

    private static bool MatchesUserOrPeer(ClientRecord record, string search) =>
        (record.Username?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
        || (record.PeerIp?.StartsWith(search, StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>Orders rows by the chosen field, then by client ID so that pages are stable.</summary>
    private sealed class RowComparer(ClientSortField field, bool descending) : IComparer<ClientRecord>
    {
        public static RowComparer For(ClientSortField field, bool descending) => new(field, descending);

        public int Compare(ClientRecord? x, ClientRecord? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : 1) : -1;
            }

            var byField = field switch
            {
                ClientSortField.ClientId => string.CompareOrdinal(x.ClientId, y.ClientId),
                ClientSortField.DisconnectedAt => x.DisconnectedAtMs.CompareTo(y.DisconnectedAtMs),
                _ => x.ConnectedAtMs.CompareTo(y.ConnectedAtMs),
            };
            if (descending)
            {
                byField = -byField;
            }

            return byField != 0 ? byField : string.CompareOrdinal(x.ClientId, y.ClientId);
        }
    }
}
