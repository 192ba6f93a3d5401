using System.Numerics;

namespace Dashboard.Core.Live;

/// <summary>
/// Quickselect: the value that would sit at a given index if the span were sorted, and the ordered
/// values of a range of indexes (a page) without sorting the rest. Expected linear time whatever the input's
/// order; the pivot is the median of three values at random places. Client IDs are written by clients, and a
/// run of bad pivots is bounded anyway: past 2·log₂ n partitions, what remains is sorted.
/// </summary>
internal static class KthSmallest
{
    /// <summary>Reorders <paramref name="values"/> in place and returns the <paramref name="k"/>-th smallest (zero-based).</summary>
    public static long Select(Span<long> values, int k) => Select(values, k, default(LongOrder));

    /// <summary>
    /// Reorders <paramref name="values"/> in place so that index <paramref name="k"/> (zero-based) holds what a
    /// sort would put there, with nothing ordered after it before it and nothing ordered before it after it; returns it.
    /// </summary>
    public static T Select<T, TOrder>(Span<T> values, int k, TOrder order)
        where TOrder : struct, IComparer<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        OrderRange(values, k, k + 1, order);
        return values[k];
    }

    /// <summary>
    /// Reorders <paramref name="values"/> in place so that indexes [<paramref name="from"/>, <paramref name="to"/>)
    /// hold, in order, what a sort would put there, with nothing ordered after them before them and nothing
    /// ordered before them after them. Partitions narrow in on the range; once a pivot falls inside it, the
    /// range's first value is selected on the pivot's one side and its last on the other, and only the range is sorted.
    /// </summary>
    public static void OrderRange<T, TOrder>(Span<T> values, int from, int to, TOrder order)
        where TOrder : struct, IComparer<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to, values.Length);
        if (to <= from)
        {
            return;
        }

        var rounds = 2 * (BitOperations.Log2((uint)values.Length) + 1);
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            if (rounds-- == 0)
            {
                values[lo..(hi + 1)].Sort(order);
                return;
            }

            var (j, i) = Partition(values, lo, hi, order);

            // [lo, j] <= pivot <= [i, hi], and anything between j and i equals the pivot.
            if (to - 1 <= j)
            {
                hi = j;
            }
            else if (from >= i)
            {
                lo = i;
            }
            else
            {
                if (from <= j)
                {
                    Select(values[lo..(j + 1)], from - lo, order);
                }

                if (to - 1 >= i)
                {
                    Select(values[i..(hi + 1)], to - 1 - i, order);
                }

                break;
            }
        }

        if (to - from > 1)
        {
            values[from..to].Sort(order);
        }
    }

    /// <summary>One Hoare partition of [lo, hi] around the median of three; returns where the lower part ends and the upper begins.</summary>
    private static (int LowerEnd, int UpperStart) Partition<T, TOrder>(Span<T> values, int lo, int hi, TOrder order)
        where TOrder : struct, IComparer<T>
    {
        // Three places drawn at random: a fixed choice (first, middle, last) meets the patterns of stored rows (a fleet
        // spread over four nodes in turn puts one node at every fourth place) and picks lopsided pivots round after round.
        var pivot = MedianOfThree(values[Random.Shared.Next(lo, hi + 1)], values[Random.Shared.Next(lo, hi + 1)], values[Random.Shared.Next(lo, hi + 1)], order);
        int i = lo, j = hi;
        while (i <= j)
        {
            while (order.Compare(values[i], pivot) < 0)
            {
                i++;
            }

            while (order.Compare(values[j], pivot) > 0)
            {
                j--;
            }

            if (i <= j)
            {
                (values[i], values[j]) = (values[j], values[i]);
                i++;
                j--;
            }
        }

        return (j, i);
    }

    private static T MedianOfThree<T, TOrder>(T a, T b, T c, TOrder order)
        where TOrder : struct, IComparer<T>
    {
        if (order.Compare(a, b) > 0)
        {
            (a, b) = (b, a);
        }

        // Now a <= b: the median is b if b <= c, else the larger of a and c.
        return order.Compare(b, c) <= 0 ? b : order.Compare(a, c) >= 0 ? a : c;
    }

    private readonly struct LongOrder : IComparer<long>
    {
        public int Compare(long x, long y) => x.CompareTo(y);
    }
}
