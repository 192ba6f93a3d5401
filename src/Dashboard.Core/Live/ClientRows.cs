using System.Buffers;

namespace Dashboard.Core.Live;

/// <summary>
/// Step 2 of a client-list query, run without any lock: the rows copied out of the projection
/// (<see cref="OnlineClients.CopyRows"/>) are searched, ordered and paged here. Only the copies are
/// read, never a record, whose fields the writer may be changing meanwhile. Only the rows up
/// to the end of the page are ordered, so a page of a million clients costs a pass or two, not a
/// full sort; and a late page is taken as an early page of the reverse order, so the last page
/// costs what the first does. The buffer is rented from the shared pool: dispose to return it.
/// </summary>
internal sealed class ClientRows(int capacity) : IDisposable
{
    private ClientRow[] _rows = ArrayPool<ClientRow>.Shared.Rent(Math.Max(1, capacity));
    private int _count;

    public int Count => _count;

    public void Add(ClientRecord record, long time)
    {
        if (_count == _rows.Length)
        {
            var larger = ArrayPool<ClientRow>.Shared.Rent(_rows.Length * 2);
            _rows.AsSpan(0, _count).CopyTo(larger);
            Array.Clear(_rows, 0, _count);
            ArrayPool<ClientRow>.Shared.Return(_rows);
            _rows = larger;
        }

        _rows[_count++] = new ClientRow(record, record.ClientId, record.Username, record.PeerIp, time);
    }

    /// <summary>The records of the requested page, in order, and how many rows matched. Filters the rows in place.</summary>
    public (ClientRecord[] Page, int Total) Page(ClientQuery query)
    {
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim();
        var total = search is null ? _count : KeepMatching(search, query.ClientIdOnly);
        var pageSize = Math.Clamp(query.PageSize, 1, ClientQuery.MaxPageSize);
        var skip = (long)(Math.Max(1, query.Page) - 1) * pageSize;
        if (skip >= total)
        {
            return ([], total);
        }

        var start = (int)skip;
        var end = (int)Math.Min(skip + pageSize, total);

        // Rows [start, end) in the asked order are rows [total - end, total - start) in the reverse order.
        var fromEnd = total - start < end;
        var newestFirst = query.Descending != fromEnd;
        var keep = fromEnd ? total - start : end;
        var comparer = new RowComparer(query.SortBy, query.Descending, fromEnd);
        var best = query.SortBy == ClientSortField.ClientId
            ? BestByHeap(total, keep, comparer)
            : BestByTime(total, keep, comparer, newestFirst);
        var page = best.AsSpan(fromEnd ? total - end : start, end - start).ToArray();
        if (fromEnd)
        {
            Array.Reverse(page);
        }

        return (Array.ConvertAll(page, row => row.Record), total);
    }

    public void Dispose()
    {
        // Only the used part holds references; clearing it lets the pool keep the buffer without keeping records alive.
        Array.Clear(_rows, 0, _count);
        ArrayPool<ClientRow>.Shared.Return(_rows);
        _rows = [];
        _count = 0;
    }

    private int KeepMatching(string search, bool clientIdOnly)
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            var row = _rows[i];
            if (row.ClientId.Contains(search, StringComparison.OrdinalIgnoreCase)
                || (!clientIdOnly && ((row.Username?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
                    || (row.PeerIp?.StartsWith(search, StringComparison.OrdinalIgnoreCase) ?? false))))
            {
                _rows[kept++] = row;
            }
        }

        return kept;
    }

    /// <summary>The <paramref name="keep"/> first rows in order, through a bounded heap whose root is the worst of them.</summary>
    private ClientRow[] BestByHeap(int total, int keep, RowComparer comparer)
    {
        var heap = new PriorityQueue<ClientRow, ClientRow>(keep, Comparer<ClientRow>.Create((a, b) => comparer.Compare(b, a)));

        // Rows come in the order clients were first seen, and fleets often come up in ID order: read
        // against that order, every row would beat the heap's worst and go in. So read from the
        // end that comes first in the asked order; for rows in no order it makes no difference.
        var backwards = comparer.Compare(_rows[total - 1], _rows[0]) < 0;
        for (var n = 0; n < total; n++)
        {
            var row = _rows[backwards ? total - 1 - n : n];
            if (heap.Count < keep)
            {
                heap.Enqueue(row, row);
            }
            else if (comparer.Compare(row, heap.Peek()) < 0)
            {
                heap.DequeueEnqueue(row, row);
            }
        }

        var ordered = new ClientRow[heap.Count];
        for (var i = ordered.Length - 1; i >= 0; i--)
        {
            ordered[i] = heap.Dequeue();
        }

        return ordered;
    }

    /// <summary>
    /// The <paramref name="keep"/> first rows by time. A heap is slow here: clients are stored
    /// roughly in the order they connected, so for "newest first" every row would beat the heap's
    /// worst. Instead a selection finds the time of the last row wanted, and only the rows on its
    /// side of it (ties included) are sorted.
    /// </summary>
    private ClientRow[] BestByTime(int total, int keep, RowComparer comparer, bool descending)
    {
        var times = ArrayPool<long>.Shared.Rent(total);
        try
        {
            for (var i = 0; i < total; i++)
            {
                times[i] = _rows[i].Time;
            }

            var boundary = KthSmallest.Select(times.AsSpan(0, total), descending ? total - keep : keep - 1);
            var candidates = new List<ClientRow>(keep);
            for (var i = 0; i < total; i++)
            {
                var time = _rows[i].Time;
                if (descending ? time >= boundary : time <= boundary)
                {
                    candidates.Add(_rows[i]);
                }
            }

            candidates.Sort(comparer);
            return [.. candidates.Take(keep)];
        }
        finally
        {
            ArrayPool<long>.Shared.Return(times);
        }
    }

    /// <summary>
    /// Orders rows by the chosen field, then by client ID so that pages are stable; or, when
    /// <paramref name="reversed"/>, in exactly the opposite order, ties included.
    /// </summary>
    private sealed class RowComparer(ClientSortField field, bool descending, bool reversed) : IComparer<ClientRow>
    {
        public int Compare(ClientRow x, ClientRow y)
        {
            var byField = field == ClientSortField.ClientId
                ? string.CompareOrdinal(x.ClientId, y.ClientId)
                : x.Time.CompareTo(y.Time);
            if (descending)
            {
                byField = -byField;
            }

            var order = byField != 0 ? byField : string.CompareOrdinal(x.ClientId, y.ClientId);
            return reversed ? -order : order;
        }
    }
}

/// <summary>One client as a query sees it: the record (for its snapshot later) and copies of the fields read, so that searching and sorting need not visit the record.</summary>
internal readonly record struct ClientRow(ClientRecord Record, string ClientId, string? Username, string? PeerIp, long Time);
