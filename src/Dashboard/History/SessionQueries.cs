using System.Data.Common;
using System.Globalization;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// "Online at a moment" from the sessions rollup (<see cref="SessionTable"/>), the same SQL on both stores and the same
/// answer as <see cref="MomentQueries"/> gives from the events. One branch per place a session containing T can be:
/// the open sessions that began at or before T, and for each level the two buckets a session of that length containing
/// T began in. Each branch reads its index in client order after the keyset and stops after a page, so a page costs
/// about the page times the branches, whether half the fleet was online at T or nobody was.
/// </summary>
internal sealed class SessionQueries(Func<CancellationToken, Task<DbConnection>> openReadConnection)
{
    private const string S = SessionTable.Table;

    private static readonly string Columns = "client_id, started_ms, ended_ms, connect_id";

    private static string Branch(string where) => $"""
        SELECT * FROM (SELECT {Columns} FROM {S}
            WHERE {where} AND started_ms <= @at AND client_id > @after ORDER BY client_id LIMIT @limit) AS b
        """;

    private static IEnumerable<string> Branches()
    {
        yield return Branch("ended_ms IS NULL");
        for (var level = 0; level < SessionTable.Levels; level++)
        {
            var width = SessionTable.Width(level).ToString(CultureInfo.InvariantCulture);
            var lvl = level.ToString(CultureInfo.InvariantCulture);
            yield return Branch($"ended_ms IS NOT NULL AND lvl = {lvl} AND bucket = @at / {width} AND ended_ms > @at");
            yield return Branch($"ended_ms IS NOT NULL AND lvl = {lvl} AND bucket = @at / {width} - 1 AND ended_ms > @at");
        }

        yield return Branch($"ended_ms IS NOT NULL AND lvl = {SessionTable.Levels.ToString(CultureInfo.InvariantCulture)} AND bucket = 0 AND ended_ms > @at");
    }

    internal static readonly string OnlineAtSql = $"""
        SELECT {HistoryColumns.Select("e")} FROM (
        {string.Join("\nUNION ALL\n", Branches())}
        ) s
        JOIN {HistoryColumns.Table} e ON e.id = s.connect_id
        ORDER BY s.client_id
        LIMIT @limit
        """;

    public async Task<IReadOnlyList<StoredEvent>> OnlineAtAsync(DateTimeOffset at, string? afterClientId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await openReadConnection(cancellationToken);
        await using var command = HistoryQueries.Command(
            connection, OnlineAtSql, ("@at", HistoryQueries.Ms(at)), ("@after", afterClientId ?? ""), ("@limit", Math.Min(limit, MomentQueries.MaxRows)));
        return await HistoryQueries.ReadAllAsync(command, cancellationToken);
    }

    /// <summary>Whether the rollup covers every stored event (its backfill has finished).</summary>
    public async Task<bool> IsCompleteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await openReadConnection(cancellationToken);
        await using var command = HistoryQueries.Command(connection, SessionTable.BackfillPendingSql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0;
    }
}
