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
    /// first), so that keys order as the texts do and equal texts have equal keys. False when the rows hold more
    /// than <see cref="MaxDistinct"/> distinct string instances; the keys then mean nothing (the column does not read them).
    /// </summary>
    public static bool TryRank(Span<ClientRow> rows)
    {
        // One hashing pass numbers the instances as they come (0: no text); a second pass turns numbers into ranks.
        var seen = new Dictionary<string, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Text is not { } text)
            {
                rows[i] = rows[i] with { Key = 0 };
                continue;
            }

            if (!seen.TryGetValue(text, out var number))
            {
                if (seen.Count == MaxDistinct)
                {
                    return false;
                }

                number = seen.Count + 1;
                seen.Add(text, number);
            }

            rows[i] = rows[i] with { Key = number };
        }

        // Equal texts held in different instances (past the shared pool's capacity) get the same rank.
        var ranks = new long[seen.Count + 1];
        var rank = 0L;
        string? previous = null;
        foreach (var (text, number) in seen.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!string.Equals(text, previous, StringComparison.Ordinal))
            {
                rank++;
                previous = text;
            }

            ranks[number] = rank;
        }

        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = rows[i] with { Key = ranks[rows[i].Key] };
        }

        return true;
    }
}
