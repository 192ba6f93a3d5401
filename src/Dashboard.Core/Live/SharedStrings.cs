namespace Dashboard.Core.Live;

/// <summary>
/// One instance of each of the strings that many clients hold alike: usernames (often one per
/// fleet), node names, disconnect reasons. Every event brings its own copies from the parser, and
/// kept per client they cost a million clients about 80 MB. Bounded: past the capacity (say, a
/// fleet with a username per device) new values are kept as they came. Not thread-safe: used by
/// the projection's single writer.
/// </summary>
internal sealed class SharedStrings(int capacity)
{
    private readonly HashSet<string> _pool = new(StringComparer.Ordinal);

    public string? Share(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (_pool.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (_pool.Count < capacity)
        {
            _pool.Add(value);
        }

        return value;
    }
}
