using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// The dead-letter table both stores share: events the database rejected for good. A rejected event
/// may carry exactly the value the database refuses (U+0000 in a PostgreSQL string), so nothing of it
/// is stored as text as it came: the client ID and the payload are kept losslessly as UTF-8 bytes,
/// and the text columns (there for reading the table with SQL) are made storable and bounded.
/// </summary>
internal static class DeadLetterTable
{
    public const string Table = "dead_letters";

    private const int MaxClientIdChars = 256;
    private const int MaxErrorChars = 1000;

    // The event's identity (see ConnectionEvent.Identity) is kept as a hash, unique: the same event
    // rejected again (after a retry or a redelivery) is one dead letter, not one per attempt.
    private static readonly string InsertSql = $"""
        INSERT INTO {Table} (failed_at_ms, identity_hash, client_id, client_id_utf8, error_code, error_message, payload)
        VALUES (@failed_at_ms, @identity_hash, @client_id, @client_id_utf8, @error_code, @error_message, @payload)
        ON CONFLICT (identity_hash) DO NOTHING
        """;

    private static readonly string CountSql = $"SELECT COUNT(*) FROM {Table}";

    private static readonly string RecentSql = $"""
        SELECT id, failed_at_ms, client_id_utf8, error_code, error_message, payload FROM {Table}
        ORDER BY id DESC
        LIMIT @limit
        """;

    /// <summary>The insert of one dead letter; it changes one row, or none when the event is already there.</summary>
    public static DbCommand Insert(DbConnection connection, ConnectionEvent rejected, HistoryWriteError error, Exception failure, DateTimeOffset at)
    {
        // Never null by contract, but a dead letter is exactly where broken events end up.
        var clientId = (string?)rejected.ClientId ?? "";
        return HistoryQueries.Command(
            connection,
            InsertSql,
            ("@failed_at_ms", HistoryQueries.Ms(at)),
            ("@identity_hash", IdentityHash(rejected, clientId)),
            ("@client_id", Storable(clientId, MaxClientIdChars)),
            ("@client_id_utf8", Encoding.UTF8.GetBytes(clientId)),
            ("@error_code", Storable(error.Code, MaxErrorChars)),
            ("@error_message", Storable(failure.Message, MaxErrorChars)),
            ("@payload", Encoding.UTF8.GetBytes(Payload(rejected))));
    }

    public static async Task<DeadLetters> ReadAsync(DbConnection connection, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var count = HistoryQueries.Command(connection, CountSql);
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await using var recent = HistoryQueries.Command(connection, RecentSql, ("@limit", limit));
        await using var reader = await recent.ExecuteReaderAsync(cancellationToken);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new DeadLetter(
                reader.GetInt64(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(2)),
                reader.GetString(3),
                reader.GetString(4),
                Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(5))));
        }

        return new DeadLetters(total, letters);
    }

    /// <summary>
    /// Text any database takes: U+0000 as U+2400 (the symbol for it), half a surrogate pair as
    /// U+FFFD, at most <paramref name="maxChars"/> characters (an ellipsis marks a cut).
    /// </summary>
    public static string Storable(string text, int maxChars)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxChars));
        for (var i = 0; i < text.Length && builder.Length < maxChars; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (builder.Length + 2 > maxChars)
                {
                    break;
                }

                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(c == '\0' ? '\u2400' : char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        if (builder.Length < text.Length && builder.Length == maxChars)
        {
            builder[^1] = '…';
        }

        return builder.ToString();
    }

    /// <summary>The raw payload; for an event made without one, the event itself as JSON.</summary>
    private static string Payload(ConnectionEvent rejected)
    {
        if (rejected.RawJson is { } raw)
        {
            return raw;
        }

        try
        {
            return JsonSerializer.Serialize(rejected);
        }
        catch (ArgumentException)
        {
            // Text the JSON writer refuses (half a surrogate pair): the record's own printout still
            // shows every field.
            return rejected.ToString();
        }
    }

    private static byte[] IdentityHash(ConnectionEvent e, string clientId)
    {
        // Length-prefixed, so no client ID can make two identities read the same.
        var key = $"{clientId.Length}:{clientId}\n{HistoryColumns.ToText(e.Kind)}\n{e.EventTime.ToUnixTimeMilliseconds()}\n{HistoryColumns.ToPeerColumn(e.PeerIp)}";
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }
}
