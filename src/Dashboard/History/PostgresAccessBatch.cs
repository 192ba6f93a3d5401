using Dashboard.Core.Events;
using Npgsql;

namespace Dashboard.History;

/// <summary>
/// A batch of access failures as one typed array per column, inserted with a single
/// INSERT … SELECT FROM unnest(…) like <see cref="PostgresBatch"/>: one round trip, a fixed statement.
/// </summary>
internal sealed class PostgresAccessBatch
{
    private static readonly string Columns = string.Join(", ", AccessFailureTable.Inserted);

    private static readonly string Sql = $"""
        INSERT INTO {AccessFailureTable.Table} ({Columns})
        SELECT {Columns}
        FROM unnest({string.Join(", ", AccessFailureTable.Inserted.Select(c => "@" + c))})
             WITH ORDINALITY AS u({Columns}, ord)
        ORDER BY ord
        ON CONFLICT ({AccessFailureTable.IdentityColumns}) DO NOTHING
        """;

    private readonly Array[] _columns;

    public PostgresAccessBatch(IReadOnlyList<AccessEvent> failures)
    {
        _columns = AccessFailureTable.InsertedTypes.Select(type => Array.CreateInstance(type, failures.Count)).ToArray();
        for (var row = 0; row < failures.Count; row++)
        {
            var values = AccessFailureTable.Values(failures[row]);
            for (var column = 0; column < values.Length; column++)
            {
                _columns[column].SetValue(values[column], row);
            }
        }
    }

    public NpgsqlCommand CreateInsert(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var command = new NpgsqlCommand(Sql, connection, transaction);
        for (var i = 0; i < _columns.Length; i++)
        {
            command.Parameters.AddWithValue(AccessFailureTable.Inserted[i], _columns[i]);
        }

        return command;
    }
}
