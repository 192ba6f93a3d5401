namespace Dashboard.Core.Live;

/// <summary>Quickselect over longs: the value that would sit at a given index if the span were sorted.</summary>
internal static class KthSmallest
{
    /// <summary>
    /// Reorders <paramref name="values"/> in place and returns the <paramref name="k"/>-th smallest
    /// (zero-based). Expected linear time; the pivot is the median of three, so sorted input (the
    /// usual case: clients are stored roughly in the order they connected) is a good case, not the worst.
    /// </summary>
    public static long Select(Span<long> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = MedianOfThree(values[lo], values[lo + ((hi - lo) / 2)], values[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
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

            // [lo, j] <= pivot <= [i, hi], and anything between j and i equals the pivot.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static long MedianOfThree(long a, long b, long c) =>
        a < b ? (b < c ? b : Math.Max(a, c)) : (a < c ? a : Math.Max(b, c));
}
