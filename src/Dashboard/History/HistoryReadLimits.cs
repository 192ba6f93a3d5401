namespace Dashboard.History;

/// <summary>
/// How much the read side (pages, REST, exports, the start-up rebuild) may take of the database:
/// at most <see cref="PoolSize"/> connections of its own, so reads can never take the ones writes
/// need, and <see cref="Timeout"/> per command (PostgreSQL: the statement; SQLite: waiting on a lock).
/// From <c>History:ReadPoolSize</c> and <c>History:ReadTimeout</c>.
/// </summary>
public sealed record HistoryReadLimits(int PoolSize, TimeSpan Timeout)
{
    public static readonly HistoryReadLimits Default = new(4, TimeSpan.FromSeconds(30));

    /// <summary>Whole seconds, at least one: both drivers take command timeouts in seconds.</summary>
    public int TimeoutSeconds => Math.Max(1, (int)Math.Ceiling(Timeout.TotalSeconds));
}
