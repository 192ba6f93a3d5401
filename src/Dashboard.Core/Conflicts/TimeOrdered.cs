namespace Dashboard.Core.Conflicts;

/// <summary>The detector's bounded lists: kept in time order, the oldest dropped beyond their capacity.</summary>
internal static class TimeOrdered
{
    /// <summary>
    /// Inserts <paramref name="item"/> after every item with a key not above its own (so arrivals slightly
    /// out of order still end up in order) and drops the oldest beyond <paramref name="capacity"/>;
    /// false when the new item was that oldest and is gone again.
    /// </summary>
    public static bool Insert<T>(List<T> list, T item, Func<T, long> key, int capacity)
        where T : class
    {
        long at = key(item);
        int index = list.Count;
        while (index > 0 && key(list[index - 1]) > at)
        {
            index--;
        }

        list.Insert(index, item);
        if (list.Count <= capacity)
        {
            return true;
        }

        var dropped = list[0];
        list.RemoveAt(0);
        return !ReferenceEquals(dropped, item);
    }
}
