namespace Dashboard.Core.Live;

/// <summary>
/// Turns a text sort column into numbers, so that a page far into the order can be found by the selection over
/// numeric keys (<see cref="ClientRows"/>) instead of comparing texts and client IDs row against row. Worth it when
/// few texts repeat across the fleet (nodes, disconnect reasons, a username per fleet): live state keeps one instance
/// of each (<see cref="SharedStrings"/>), so the distinct instances are few and told apart by reference, not content.
/// </summary>
internal static class TextRanks
{
    /// <summary>More distinct instances than this (a username per device, say) and the column is left as text.</summary>
    public const int MaxDistinct = 4096;

    /// <summary>
    /// Sets each row's <see cref="ClientRow.Key"/> to the ordinal rank of its <see cref="ClientRow.Text"/> (no text
    /// first), so that keys order as the texts do and equal texts have equal keys. False, and the keys left as they
    /// were, when the rows hold more than <see cref="MaxDistinct"/> distinct string instances.
    /// </summary>
    public static bool TryRank(Span<ClientRow> rows)
    {
        var seen = new Dictionary<string, long>(ReferenceEqualityComparer.Instance);
        foreach (var row in rows)
        {
            if (row.Text is { } text && seen.TryAdd(text, 0) && seen.Count > MaxDistinct)
            {
                return false;
            }
        }

        // Equal texts held in different instances (past the shared pool's capacity) get the same rank.
        var ordered = seen.Keys.Order(StringComparer.Ordinal).ToArray();
        var rank = 0L;
        for (var i = 0; i < ordered.Length; i++)
        {
            if (i > 0 && !string.Equals(ordered[i], ordered[i - 1], StringComparison.Ordinal))
            {
                rank++;
            }

            seen[ordered[i]] = rank + 1;
        }

        foreach (ref var row in rows)
        {
            row = row with { Key = row.Text is { } text ? seen[text] : 0 };
        }

        return true;
    }
}
