using System.Data.Common;
using System.Runtime.CompilerServices;
using Dashboard.Core.Groups;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>The history reads narrowed to one device group (<see cref="GroupPredicate"/>), the same SQL for both stores but the predicate's dialect.</summary>
internal sealed class GroupQueries(Func<CancellationToken, Task<DbConnection>> openReadConnection)
{
    private const string T = HistoryColumns.Table;

    public async IAsyncEnumerable<StoredEvent> ExportAsync(DateTimeOffset from, DateTimeOffset to, string? clientId, GroupFilter group, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await openReadConnection(cancellationToken);
        var predicate = GroupPredicate.For(group, connection) ?? SqlPredicate.Nothing;
        var sql = $"""
            SELECT {HistoryColumns.Select("e")} FROM {T} e
            WHERE {(clientId is null ? "" : "e.client_id = @client AND ")}e.event_time_ms >= @start AND e.event_time_ms < @end AND {predicate.Sql}
            ORDER BY e.event_time_ms, e.id
            """;
        (string, object)[] parameters = [("@start", HistoryQueries.Ms(from)), ("@end", HistoryQueries.Ms(to)), .. predicate.Parameters];
        await using var command = HistoryQueries.Command(connection, sql, clientId is null ? parameters : [.. parameters, ("@client", clientId)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return HistoryColumns.Read(reader);
        }
    }
}
