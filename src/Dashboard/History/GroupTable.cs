using System.Data.Common;
using Dashboard.Core.Groups;

namespace Dashboard.History;

/// <summary>
/// <c>device_groups</c>: the groups admins define at run time, one row each, in creation order (the id).
/// <c>name_key</c> is the name in lower case (names are ASCII), unique, so two groups never differ by case only.
/// Text is bounded by <see cref="DeviceGroup.TryCreate"/> before it gets here; the actor is cut as the audit's is.
/// </summary>
internal static class GroupTable
{
    public const string Table = "device_groups";

    /// <summary>The PostgreSQL function the group filter calls for a network (see <see cref="HistorySchema"/>).</summary>
    public const string IpInFunction = "dashboard_ip_in";

    private const string Columns = "name, client_id_pattern, username_pattern, cidr, created_by, created_at_ms, updated_at_ms, id";

    private static readonly string ListSql = $"SELECT {Columns} FROM {Table} ORDER BY id";

    private static readonly string InsertSql = $"""
        INSERT INTO {Table} (name, name_key, client_id_pattern, username_pattern, cidr, created_by, created_at_ms, updated_at_ms)
        VALUES (@name, @key, @client, @username, @cidr, @by, @at, @at)
        ON CONFLICT (name_key) DO NOTHING
        """;

    private static readonly string UpdateSql = $"""
        UPDATE {Table} SET client_id_pattern = @client, username_pattern = @username, cidr = @cidr, updated_at_ms = @at
        WHERE name_key = @key
        """;

    private static readonly string DeleteSql = $"DELETE FROM {Table} WHERE name_key = @key";

    /// <summary>The schema step's table, with the types of one database.</summary>
    public static string Create(string id, string text, string ms, string end) => $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            id {id},
            name {text} NOT NULL,
            name_key {text} NOT NULL UNIQUE,
            client_id_pattern {text},
            username_pattern {text},
            cidr {text},
            created_by {text} NOT NULL,
            created_at_ms {ms} NOT NULL,
            updated_at_ms {ms} NOT NULL
        {end}
        """;

    public static DbCommand Insert(DbConnection connection, StoredGroup group) =>
        HistoryQueries.Command(connection, InsertSql, Parameters(group, group.CreatedAt, ("@name", group.Name), ("@by", DeadLetterTable.Storable(group.CreatedBy, Core.Actions.AuditEntry.MaxFieldLength))));

    public static DbCommand Update(DbConnection connection, StoredGroup group) =>
        HistoryQueries.Command(connection, UpdateSql, Parameters(group, group.UpdatedAt));

    public static DbCommand Delete(DbConnection connection, string name) =>
        HistoryQueries.Command(connection, DeleteSql, ("@key", Key(name)));

    public static async Task<IReadOnlyList<StoredGroup>> ListAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = HistoryQueries.Command(connection, ListSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<StoredGroup>();
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new StoredGroup(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.GetInt64(7)));
        }

        return groups;
    }

    private static string Key(string name) => name.ToLowerInvariant();

    private static object Nullable(string? text) => text is null ? DBNull.Value : text;

    private static (string, object)[] Parameters(StoredGroup group, DateTimeOffset at, params (string, object)[] more) =>
    [
        ("@key", Key(group.Name)),
        ("@client", Nullable(group.ClientIdPattern)),
        ("@username", Nullable(group.UsernamePattern)),
        ("@cidr", Nullable(group.Cidr)),
        ("@at", HistoryQueries.Ms(at)),
        .. more,
    ];
}
