using System.Data.Common;
using Dashboard.Core.Actions;

namespace Dashboard.History;

/// <summary>
/// The two tables of operators' actions both stores share (schema v5): <c>acknowledgements</c>, one
/// row per finding key in force, and <c>audit_log</c>, append-only, pruned with the history's
/// retention. Text is made storable and bounded as the dead letters' is.
/// </summary>
internal static class ActionTables
{
    public const string Acknowledgements = "acknowledgements";
    public const string Audit = "audit_log";

    private static readonly string UpsertAckSql = $"""
        INSERT INTO {Acknowledgements} (finding_key, target, actor, role, at_ms, note, count_at_ack)
        VALUES (@key, @target, @actor, @role, @at_ms, @note, @count)
        ON CONFLICT (finding_key) DO UPDATE SET target = excluded.target, actor = excluded.actor, role = excluded.role,
            at_ms = excluded.at_ms, note = excluded.note, count_at_ack = excluded.count_at_ack
        """;

    private static readonly string DeleteAckSql = $"DELETE FROM {Acknowledgements} WHERE finding_key = @key";

    private static readonly string ReadAcksSql = $"SELECT finding_key, target, actor, role, at_ms, note, count_at_ack FROM {Acknowledgements} ORDER BY at_ms";

    private static readonly string InsertAuditSql = $"""
        INSERT INTO {Audit} (at_ms, actor, role, action, target, outcome, detail)
        VALUES (@at_ms, @actor, @role, @action, @target, @outcome, @detail)
        """;

    private static readonly string ReadAuditSql = $"""
        SELECT at_ms, actor, role, action, target, outcome, detail FROM {Audit}
        WHERE at_ms >= @from AND at_ms < @until
        ORDER BY at_ms DESC, id DESC
        LIMIT @limit
        """;

    private static readonly string PruneAuditSql = $"DELETE FROM {Audit} WHERE at_ms < @before";

    public static DbCommand SaveAcknowledgement(DbConnection connection, Acknowledgement ack) => HistoryQueries.Command(
        connection,
        UpsertAckSql,
        ("@key", ack.Key),
        ("@target", Text(ack.Target)),
        ("@actor", Text(ack.Actor)),
        ("@role", Text(ack.Role)),
        ("@at_ms", HistoryQueries.Ms(ack.At)),
        ("@note", DeadLetterTable.Storable(ack.Note, Acknowledgement.MaxNoteLength)),
        ("@count", ack.CountAtAck));

    public static DbCommand RemoveAcknowledgement(DbConnection connection, string key) =>
        HistoryQueries.Command(connection, DeleteAckSql, ("@key", key));

    public static async Task<IReadOnlyList<Acknowledgement>> ReadAcknowledgementsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = HistoryQueries.Command(connection, ReadAcksSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var acks = new List<Acknowledgement>();
        while (await reader.ReadAsync(cancellationToken))
        {
            acks.Add(new Acknowledgement(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.GetString(5),
                reader.GetInt32(6)));
        }

        return acks;
    }

    public static DbCommand AppendAudit(DbConnection connection, AuditEntry entry) => HistoryQueries.Command(
        connection,
        InsertAuditSql,
        ("@at_ms", HistoryQueries.Ms(entry.At)),
        ("@actor", Text(entry.Actor)),
        ("@role", Text(entry.Role)),
        ("@action", Text(entry.Action)),
        ("@target", Text(entry.Target)),
        ("@outcome", Text(entry.Outcome)),
        ("@detail", entry.Detail is null ? DBNull.Value : Text(entry.Detail)));

    public static async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(DbConnection connection, DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var command = HistoryQueries.Command(connection, ReadAuditSql, ("@from", HistoryQueries.Ms(from)), ("@until", HistoryQueries.Ms(until)), ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AuditEntry(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }

    public static DbCommand PruneAudit(DbConnection connection, DateTimeOffset olderThan) =>
        HistoryQueries.Command(connection, PruneAuditSql, ("@before", HistoryQueries.Ms(olderThan)));

    private static string Text(string value) => DeadLetterTable.Storable(value, AuditEntry.MaxFieldLength);
}
