using System.Buffers;

namespace Dashboard.Core.Live;

/// <summary>
/// Step 2 of a client-list query, run without any lock: the rows copied out of the projection
/// (<see cref="OnlineClients.CopyRows"/>) are searched, ordered and paged here. Only the copies are
/// read, never a record, whose fields the writer may be changing meanwhile. Only the page's rows are
/// sorted, so a page of a million clients costs a few passes, not a full sort (see <see cref="Range"/>
/// and <see cref="RangeByKey"/>); and a late page is taken as an early page of the reverse order, so the
/// last page costs what the first does. The buffer is rented from the shared pool: dispose to return it.
/// </summary>
internal sealed class ClientRows(int capacity) : IDisposable
{
    /// <summary>Up to this many rows from the start of the order, a page is read through a bounded heap; beyond, by selection.</summary>
    private const int HeapLimit = 2000;

    private ClientRow[] _rows = ArrayPool<ClientRow>.Shared.Rent(Math.Max(1, capacity));
    private int _count;

    public int Count => _count;

    public void Add(ClientRecord record, ClientSortField sortBy)
    {
        if (_count == _rows.Length)
        {
            var larger = ArrayPool<ClientRow>.Shared.Rent(_rows.Length * 2);
            _rows.AsSpan(0, _count).CopyTo(larger);
            Array.Clear(_rows, 0, _count);
            ArrayPool<ClientRow>.Shared.Return(_rows);
            _rows = larger;
        }

        _rows[_count++] = ClientRow.Of(record, sortBy);
    }

    /// <summary>The records of the requested page, in order, and how many rows matched. Filters the rows in place.</summary>
    public (ClientRecord[] Page, int Total) Page(ClientQuery query)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, ClientQuery.MaxPageSize);
        var skip = (long)(Math.Max(1, query.Page) - 1) * pageSize;
        return Slice(query, skip, pageSize);
    }

    /// <summary>
    /// The first <paramref name="limit"/> records in the query's order (an export: its page number
    /// and size are not read), and how many rows matched. Filters the rows in place.
    /// </summary>
    public (ClientRecord[] Rows, int Total) Top(ClientQuery query, int limit) => Slice(query, 0, Math.Max(1, limit));

    private (ClientRecord[] Rows, int Total) Slice(ClientQuery query, long skip, int size)
    {
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim();
        var group = query.Filters.Group;
        var total = search is null && group is null ? _count : KeepMatching(search, query.ClientIdOnly, group);
        if (skip >= total)
        {
            return ([], total);
        }

        var start = (int)skip;
        var end = (int)Math.Min(skip + size, total);

        // Rows [start, end) in the asked order are rows [total - end, total - start) in the reverse order.
        var fromEnd = total - start < end;
        var (from, to) = fromEnd ? (total - end, total - start) : (start, end);
        var comparer = new ClientRowComparer(query.SortBy, query.Descending, fromEnd);
        var byKey = ClientRow.IsNumeric(query.SortBy)
            || (to > HeapLimit && ClientRow.IsRepeatedText(query.SortBy) && TextRanks.TryRank(_rows.AsSpan(0, total)));
        var page = byKey
            ? RangeByKey(total, from, to, comparer, query.Descending != fromEnd)
            : Range(_rows.AsSpan(0, total), from, to, comparer);
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

    /// <summary>
    /// The search and the group filter, on the copied rows after live state's lock is released: a group's
    /// globs and networks cost more than the field filters, and ingestion should not wait for them.
    /// </summary>
    private int KeepMatching(string? search, bool clientIdOnly, Groups.GroupFilter? group)
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            var row = _rows[i];
            if ((search is null || ClientSearch.Matches(search, clientIdOnly, row.ClientId, row.Username, row.PeerIp))
                && (group is null || group.Matcher.IsIn(group.Name, row.ClientId, row.Username, row.PeerIp)))
            {
                _rows[kept++] = row;
            }
        }

        return kept;
    }

    /// <summary>
    /// Rows [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="rows"/> in the comparer's order. An
    /// early page goes through a bounded heap: one pass, mostly one comparison per row with the heap's worst. Further
    /// in, the heap would hold and order every row up to the page (half a million for the middle page of a million),
    /// so a selection finds the page's first and last rows instead, and only the page is sorted. Reorders the rows.
    /// </summary>
    private static ClientRow[] Range(Span<ClientRow> rows, int from, int to, ClientRowComparer comparer)
    {
        if (to <= HeapLimit)
        {
            return BestByHeap(rows, to, comparer)[from..];
        }

        KthSmallest.OrderRange(rows, from, to, new RowOrder(comparer));
        return rows[from..to].ToArray();
    }

    /// <summary>The <paramref name="keep"/> first rows in order, through a bounded heap whose root is the worst of them.</summary>
    private static ClientRow[] BestByHeap(ReadOnlySpan<ClientRow> rows, int keep, ClientRowComparer comparer)
    {
        var total = rows.Length;
        var heap = new PriorityQueue<ClientRow, ClientRow>(keep, Comparer<ClientRow>.Create((a, b) => comparer.Compare(b, a)));

        // Rows come in the order clients were first seen, and fleets often come up in ID order: read
        // against that order, every row would beat the heap's worst and go in. So read from the
        // end that comes first in the asked order; for rows in no order it makes no difference.
        var backwards = total > 0 && comparer.Compare(rows[total - 1], rows[0]) < 0;
        for (var n = 0; n < total; n++)
        {
            var row = rows[backwards ? total - 1 - n : n];
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
    /// Rows [<paramref name="from"/>, <paramref name="to"/>) by a numeric key. A heap is slow for times: clients are
    /// stored roughly in the order they connected, so for "newest first" every row would beat the heap's worst.
    /// Instead a selection over the keys finds the key of the page's last row; the rows strictly on its side
    /// (fewer than <paramref name="to"/>) and the rows tied with it (for a keepalive or a protocol, often most of
    /// the fleet, ordered among themselves by client ID) each give their part of the page through <see cref="Range"/>.
    /// </summary>
    private ClientRow[] RangeByKey(int total, int from, int to, ClientRowComparer comparer, bool descending)
    {
        var keys = ArrayPool<long>.Shared.Rent(total);
        var better = ArrayPool<ClientRow>.Shared.Rent(to);
        var count = 0;
        try
        {
            for (var i = 0; i < total; i++)
            {
                keys[i] = _rows[i].Key;
            }

            var boundary = KthSmallest.Select(keys.AsSpan(0, total), descending ? total - to : to - 1);
            var ties = 0;
            for (var i = 0; i < total; i++)
            {
                var key = _rows[i].Key;
                if (key == boundary)
                {
                    // Compacted in place: the rows are not read in their old order again.
                    _rows[ties++] = _rows[i];
                }
                else if (descending ? key > boundary : key < boundary)
                {
                    better[count++] = _rows[i];
                }
            }

            // The boundary is the key of row to - 1, so the better rows end before the page's end and the ties reach it.
            var head = from < count ? Range(better.AsSpan(0, count), from, count, comparer) : [];
            return [.. head, .. Range(_rows.AsSpan(0, ties), Math.Max(0, from - count), to - count, comparer)];
        }
        finally
        {
            ArrayPool<long>.Shared.Return(keys);
            Array.Clear(better, 0, count);
            ArrayPool<ClientRow>.Shared.Return(better);
        }
    }

    /// <summary>The row order as a struct, so the selection's comparisons are direct calls.</summary>
    private readonly struct RowOrder(ClientRowComparer comparer) : IComparer<ClientRow>
    {
        public int Compare(ClientRow x, ClientRow y) => comparer.Compare(x, y);
    }
}
