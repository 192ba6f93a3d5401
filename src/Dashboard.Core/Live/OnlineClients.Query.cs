namespace Dashboard.Core.Live;

/// <summary>Reading the projection: filtered, sorted pages of client snapshots.</summary>
public sealed partial class OnlineClients
{
    /// <summary>
    /// One page of clients, all three steps at once, for a single-threaded caller.
    /// <see cref="LiveState"/> takes the steps apart so that only the copy and the snapshots hold its lock.
    /// </summary>
    public PagedResult<ClientSnapshot> Query(ClientQuery query)
    {
        using var rows = new ClientRows(KnownCount);
        CopyRows(rows, query);
        var (page, total) = rows.Page(query);
        return new PagedResult<ClientSnapshot>(Snapshot(page), total);
    }

    /// <summary>
    /// Step 1, under the lock: the clients in the given state that pass the query's field filters,
    /// with the fields that the search and the sort read, copied into <paramref name="rows"/> so that
    /// the rest of the query reads no record field the writer may be changing. One pass over the
    /// map; the filters are equality and range tests, no ordering.
    /// </summary>
    internal int CopyRows(ClientRows rows, ClientQuery query)
    {
        var state = query.State;
        var matcher = query.Filters.ToMatcher();
        foreach (var record in _clients.Values)
        {
            var stateMatches = state switch
            {
                ClientStateFilter.Online => record.Online,
                ClientStateFilter.Offline => !record.Online,
                _ => true,
            };
            if (stateMatches && matcher.Matches(record))
            {
                rows.Add(record, query.SortBy);
            }
        }

        return rows.Count;
    }

    /// <summary>Step 3, under the lock again: copies of the page's records, each read whole.</summary>
    internal static ClientSnapshot[] Snapshot(ClientRecord[] page) => Array.ConvertAll(page, record => record.ToSnapshot());
}
