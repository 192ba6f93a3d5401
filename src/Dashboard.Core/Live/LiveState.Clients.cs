namespace Dashboard.Core.Live;

/// <summary>The client list: pages for the screen and the API, and whole filtered lists for an export.</summary>
public sealed partial class LiveState
{
    /// <summary>Records per read lock while an export copies them: short holds, so the writer never waits long.</summary>
    private const int ExportChunk = 1000;

    /// <summary>
    /// One page of the client list. Sorting or searching a million clients takes tens of
    /// milliseconds to seconds, and the pipeline's next batch waits for the write lock meanwhile; so
    /// the lock is held only to copy the rows (one pass, no comparisons) and, later, to copy the
    /// page's records. The order is as of the first copy, each row's details as of the second.
    /// </summary>
    public PagedResult<ClientSnapshot> QueryClients(ClientQuery query)
    {
        // The buffer (tens of MB at a million clients) is rented before taking the lock: allocating it
        // may start a garbage collection, which the writer should not have to wait for. It grows if needed.
        using var rows = new ClientRows(Read(() => _clients.KnownCount) + 1024);
        Read(() => _clients.CopyRows(rows, query));
        var (page, total) = rows.Page(query);
        return new PagedResult<ClientSnapshot>(Read(() => OnlineClients.Snapshot(page)), total);
    }

    /// <summary>
    /// The first <paramref name="limit"/> clients of the query's order (its page is not read), and how
    /// many matched. Ordered at once, as <see cref="QueryClients"/> orders a page; the rows are then
    /// read <see cref="ExportChunk"/> at a time, each chunk under a short read lock, as the caller
    /// enumerates them, so a streamed export of a million clients never holds the lock for long.
    /// </summary>
    public ClientListExport ExportClients(ClientQuery query, int limit)
    {
        ClientRecord[] records;
        int total;
        using (var rows = new ClientRows(Read(() => _clients.KnownCount) + 1024))
        {
            Read(() => _clients.CopyRows(rows, query));
            (records, total) = rows.Top(query, limit);
        }

        return new ClientListExport(total, Snapshots(records));
    }

    private IEnumerable<ClientSnapshot> Snapshots(ClientRecord[] records)
    {
        for (var start = 0; start < records.Length; start += ExportChunk)
        {
            var chunk = records[start..Math.Min(records.Length, start + ExportChunk)];
            foreach (var snapshot in Read(() => OnlineClients.Snapshot(chunk)))
            {
                yield return snapshot;
            }
        }
    }
}

/// <summary>
/// An export of the client list: how many clients matched, and the rows (at most the limit asked
/// for), read from live state as they are enumerated: enumerate once.
/// </summary>
public sealed record ClientListExport(int Total, IEnumerable<ClientSnapshot> Rows);
