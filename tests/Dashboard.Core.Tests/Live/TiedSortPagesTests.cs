using Dashboard.Core.Live;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Core.Tests.Live;

/// <summary>
/// Pages deep into a large result, where the list selects the page's rows instead of keeping every row up to
/// it in a heap: every page, both ways, must be the same slice of one full sort (the column, then the client
/// ID), so that pages neither overlap nor skip, least of all where a page's edge falls inside a run of equal values.
/// </summary>
public sealed class TiedSortPagesTests
{
    /// <summary>
    /// Not a multiple of any page size used, and large enough that pages near the middle (a late page is read as an
    /// early page of the reverse order) reach past the 2,000 rows a heap is used for.
    /// </summary>
    private const int Fleet = 5003;

    private static readonly string[] Reasons = ["normal", "keepalive_timeout", "takenover"];

    public static TheoryData<ClientSortField, bool> Columns()
    {
        var data = new TheoryData<ClientSortField, bool>();
        foreach (var field in Enum.GetValues<ClientSortField>())
        {
            data.Add(field, false);
            data.Add(field, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public void First_middle_last_and_every_page_are_slices_of_one_full_sort(ClientSortField field, bool storedInIdOrder)
    {
        var (clients, ids) = Fleet_with_few_values(storedInIdOrder, Fleet);
        foreach (var descending in new[] { false, true })
        {
            var expected = SnapshotOrder.Ordered(clients, ids, field, descending);
            var query = new ClientQuery(ClientStateFilter.All, SortBy: field, Descending: descending);

            // All pages of the largest size, end to end: each client once, in order.
            var all = Enumerable.Range(1, 6).SelectMany(p => Page(clients, query with { Page = p, PageSize = ClientQuery.MaxPageSize }));
            Assert.Equal(expected, all);

            // Pages of 50: the first, the second, the middle, just past the middle, the one before last, the last.
            var pages = (Fleet + 49) / 50;
            foreach (var page in new[] { 1, 2, pages / 2, (pages / 2) + 1, pages - 1, pages })
            {
                Assert.Equal(expected.Skip((page - 1) * 50).Take(50), Page(clients, query with { Page = page, PageSize = 50 }));
            }

            // Pages of 7 on both sides of every place where the column's value changes.
            foreach (var edge in RunEdges(clients, expected, field))
            {
                foreach (var page in new[] { (edge - 1) / 7, edge / 7 }.Distinct())
                {
                    Assert.Equal(expected.Skip(page * 7).Take(7), Page(clients, query with { Page = page + 1, PageSize = 7 }));
                }
            }
        }
    }

    [Theory]
    [InlineData(ClientSortField.Keepalive)]
    [InlineData(ClientSortField.Node)]
    [InlineData(ClientSortField.ClientId)]
    [InlineData(ClientSortField.DisconnectedAt)]
    public void A_search_and_a_state_narrow_the_rows_before_the_deep_pages_are_selected(ClientSortField field)
    {
        var (clients, ids) = Fleet_with_few_values(storedInIdOrder: false, size: 15_000);
        var online = ids.Where(id => clients.Get(id)!.Online && id.Contains('1', StringComparison.Ordinal));
        foreach (var descending in new[] { false, true })
        {
            var expected = SnapshotOrder.Ordered(clients, online, field, descending);
            Assert.True(expected.Length > 4000, "a middle page lies beyond the 2,000 rows a heap is used for");
            var query = new ClientQuery(ClientStateFilter.Online, "1", field, descending, PageSize: 100, ClientIdOnly: true);
            var pages = Enumerable.Range(1, (expected.Length + 99) / 100).SelectMany(p => Page(clients, query with { Page = p }));
            Assert.Equal(expected, pages);
        }
    }

    [Fact]
    public void Kth_smallest_matches_a_sort_for_sorted_reversed_random_and_equal_values()
    {
        foreach (var input in SelectionInputs())
        {
            var sorted = input.Order().ToArray();
            foreach (var k in new[] { 0, input.Length / 3, input.Length - 1 })
            {
                Assert.Equal(sorted[k], KthSmallest.Select(input.ToArray(), k));
            }
        }
    }

    [Fact]
    public void Order_range_puts_a_sorted_slice_in_place_for_any_input()
    {
        foreach (var input in SelectionInputs())
        {
            var sorted = input.Order().ToArray();
            var n = input.Length;
            foreach (var (from, to) in new[] { (0, n), (0, 1), (n - 1, n), (0, Math.Min(50, n)), (n / 2, Math.Min(n, (n / 2) + 50)), (n / 3, n), (n / 2, n / 2) })
            {
                var values = input.ToArray();
                KthSmallest.OrderRange(values.AsSpan(), from, to, default(LongOrder));
                Assert.Equal(sorted[from..to], values[from..to]);

                // What is left of the slice orders before it, what is right of it after it.
                Assert.All(values[..from], v => Assert.True(from == to || v <= values[from]));
                Assert.All(values[to..], v => Assert.True(from == to || v >= values[to - 1]));
                Assert.Equal(sorted, values.Order());
            }
        }
    }

    [Fact]
    public void Text_ranks_order_as_the_texts_do_and_give_up_past_the_limit()
    {
        // "b" twice in different instances (as past the shared pool's capacity): one rank.
        var b2 = new string('b', 1);
        ClientRow[] rows = [Row("x", "b"), Row("y", null), Row("z", "a"), Row("w", b2), Row("v", "B")];

        Assert.True(TextRanks.TryRank(rows));
        Assert.Equal([3L, 0L, 2L, 3L, 1L], rows.Select(r => r.Key));

        Assert.True(TextRanks.TryRank([.. Enumerable.Range(0, TextRanks.MaxDistinct).Select(i => Row($"c{i}", $"u{i}"))]));
        Assert.False(TextRanks.TryRank([.. Enumerable.Range(0, TextRanks.MaxDistinct + 1).Select(i => Row($"c{i}", $"u{i}"))]));
    }

    /// <summary>Sorted, reversed, few distinct values, four interleaved runs (a fleet spread over four nodes in turn), all equal, one.</summary>
    private static long[][] SelectionInputs()
    {
        var random = new Random(11);
        return
        [
            [.. Enumerable.Range(0, 3000).Select(i => (long)i)],
            [.. Enumerable.Range(0, 3000).Select(i => (long)(3000 - i))],
            [.. Enumerable.Range(0, 3000).Select(_ => (long)random.Next(7))],
            [.. Enumerable.Range(0, 3000).Select(i => (long)((i % 4 * 1000) + (i / 4)))],
            [.. Enumerable.Repeat(5L, 100)],
            [42],
        ];
    }

    private readonly struct LongOrder : IComparer<long>
    {
        public int Compare(long x, long y) => x.CompareTo(y);
    }

    private static ClientRow Row(string clientId, string? text) => new(null!, clientId, null, null, text, 0);

    private static IEnumerable<string> Page(OnlineClients clients, ClientQuery query) =>
        clients.Query(query).Items.Select(c => c.ClientId);

    /// <summary>The indexes in <paramref name="ordered"/> where the column's value differs from the one before.</summary>
    private static IEnumerable<int> RunEdges(OnlineClients clients, string[] ordered, ClientSortField field)
    {
        var order = new SnapshotOrder(field, descending: false);
        for (var i = 1; i < ordered.Length; i++)
        {
            var (x, y) = (clients.Get(ordered[i - 1])!, clients.Get(ordered[i])!);

            // Equal in the column when only the client ID tells them apart: swapping the IDs would swap the order.
            if (field != ClientSortField.ClientId && order.Compare(x, y with { ClientId = x.ClientId }) != 0)
            {
                yield return i;
            }
        }
    }

    /// <summary>
    /// A fleet whose every column has long runs of equal values: three nodes, four usernames and none, two
    /// keepalives and unknown, eleven connect times, a third offline with three reasons. Stored in client ID
    /// order (a fleet coming up in order) or shuffled.
    /// </summary>
    private static (OnlineClients Clients, string[] Ids) Fleet_with_few_values(bool storedInIdOrder, int size)
    {
        var random = new Random(5);
        var ids = Enumerable.Range(0, size).Select(i => $"dev-{i:D5}").ToArray();
        var stored = storedInIdOrder ? ids : [.. ids.OrderBy(_ => random.Next())];
        var clients = new OnlineClients(size, TimeSpan.FromDays(1));
        for (var i = 0; i < stored.Length; i++)
        {
            var n = random.Next(1000);
            var connected = Connected(stored[i], At(n % 11), $"10.0.0.{n % 3}", 1000 + (n % 2), n % 5 == 4 ? null : $"user-{n % 4}") with
            {
                Node = $"emqx@n{n % 3}",
                Keepalive = (n % 3) switch { 0 => 30, 1 => 60, _ => null },
                ProtoVer = 3 + (n % 3),
                CleanStart = (n % 4) switch { 0 => null, 1 => false, _ => true },
            };
            clients.Apply(connected);
            if (n % 3 == 0)
            {
                clients.Apply(Disconnected(connected, At(100 + (n % 4)), Reasons[(n / 3) % 3]));
            }
        }

        return (clients, ids);
    }
}
