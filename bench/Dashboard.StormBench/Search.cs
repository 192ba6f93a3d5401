namespace Dashboard.StormBench;

internal static class Search
{
    /// <summary>The first index whose value is at least <paramref name="value"/>, in a series that never decreases; null if none.</summary>
    public static int? FirstAtLeast(int count, Func<int, long> valueAt, long value)
    {
        int lo = 0;
        int hi = count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (valueAt(mid) >= value)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo < count ? lo : null;
    }
}
