using System.Data.Common;
using Dashboard.Core.Actions;
using Dashboard.Core.Maintenance;

namespace Dashboard.History;

/// <summary>
/// <c>maintenance_windows</c>, the same on both stores: one row per window, never deleted (the page shows
/// the past ones as history). <c>end_ms</c> is the effective end (the planned one, or the early end), so
/// "in force or to come" and "over" are one indexed comparison. Text is made storable and bounded.
/// </summary>
internal static class MaintenanceTable
{
    public const string Table = "maintenance_windows";

    private const string Columns = "id, scope, target, from_ms, to_ms, note, created_by, created_at_ms, ended_at_ms, ended_by";

    private static readonly string InsertSql = $"""
        INSERT INTO {Table} (scope, target, from_ms, to_ms, end_ms, note, created_by, created_at_ms)
        VALUES (@scope, @target, @from_ms, @to_ms, @to_ms, @note, @created_by, @created_at_ms)
        RETURNING id
        """;

    // Only a window with time left at @at ends; one already over or already ended stays as it was.
    private static readonly string EndSql = $"""
        UPDATE {Table} SET ended_at_ms = @at, ended_by = @by, end_ms = @at
        WHERE id = @id AND ended_at_ms IS NULL AND end_ms > @at
        """;

    private static readonly string GetSql = $"SELECT {Columns} FROM {Table} WHERE id = @id";

    private static readonly string EndingAfterSql = $"SELECT {Columns} FROM {Table} WHERE end_ms > @after ORDER BY from_ms, id LIMIT @limit";

    private static readonly string PastSql = $"SELECT {Columns} FROM {Table} WHERE end_ms <= @now ORDER BY end_ms DESC, id DESC LIMIT @limit OFFSET @offset";

    /// <summary>The schema step (last in both arrays of <see cref="HistorySchema"/>), given each database's type names.</summary>
    public static string Create(string id, string text, string ms) => $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            id {id},
            scope {text} NOT NULL,
            target {text} NOT NULL,
            from_ms {ms} NOT NULL,
            to_ms {ms} NOT NULL,
            end_ms {ms} NOT NULL,
            note {text} NOT NULL,
            created_by {text} NOT NULL,
            created_at_ms {ms} NOT NULL,
            ended_at_ms {ms},
            ended_by {text}
        """;

    public const string Index = $"CREATE INDEX IF NOT EXISTS ix_{Table}_end ON {Table} (end_ms);";

    public static DbCommand Insert(DbConnection connection, MaintenanceWindow window) => HistoryQueries.Command(
        connection,
        InsertSql,
        ("@scope", MaintenancePlan.Name(window.Scope)),
        ("@target", Text(window.Target)),
        ("@from_ms", HistoryQueries.Ms(window.From)),
        ("@to_ms", HistoryQueries.Ms(window.To)),
        ("@note", DeadLetterTable.Storable(window.Note, MaintenancePlan.MaxNoteLength)),
        ("@created_by", Text(window.CreatedBy)),
        ("@created_at_ms", HistoryQueries.Ms(window.CreatedAt)));

    public static DbCommand End(DbConnection connection, long id, DateTimeOffset at, string endedBy) =>
        HistoryQueries.Command(connection, EndSql, ("@id", id), ("@at", HistoryQueries.Ms(at)), ("@by", Text(endedBy)));

    public static Task<IReadOnlyList<MaintenanceWindow>> GetAsync(DbConnection connection, long id, CancellationToken cancellationToken) =>
        ReadAsync(HistoryQueries.Command(connection, GetSql, ("@id", id)), cancellationToken);

    public static Task<IReadOnlyList<MaintenanceWindow>> EndingAfterAsync(DbConnection connection, DateTimeOffset after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(HistoryQueries.Command(connection, EndingAfterSql, ("@after", HistoryQueries.Ms(after)), ("@limit", limit)), cancellationToken);

    public static Task<IReadOnlyList<MaintenanceWindow>> PastAsync(DbConnection connection, DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken) =>
        ReadAsync(HistoryQueries.Command(connection, PastSql, ("@now", HistoryQueries.Ms(now)), ("@offset", offset), ("@limit", limit)), cancellationToken);

    private static async Task<IReadOnlyList<MaintenanceWindow>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<MaintenanceWindow>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new MaintenanceWindow(
                    reader.GetInt64(0),
                    MaintenancePlan.ParseScope(reader.GetString(1)) ?? MaintenanceScope.ClientIdPattern,
                    reader.GetString(2),
                    Time(reader.GetInt64(3)),
                    Time(reader.GetInt64(4)),
                    reader.GetString(5),
                    reader.GetString(6),
                    Time(reader.GetInt64(7)),
                    reader.IsDBNull(8) ? null : Time(reader.GetInt64(8)),
                    reader.IsDBNull(9) ? null : reader.GetString(9)));
            }

            return rows;
        }
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string Text(string value) => DeadLetterTable.Storable(value, AuditEntry.MaxFieldLength);
}
