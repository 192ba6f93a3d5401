using System.Globalization;
using System.Text;
using System.Text.Json;
using Dashboard.Core.History;

namespace Dashboard.Api;

/// <summary>
/// Streams history rows as CSV or as one JSON array, row by row, so an export of millions of
/// events never sits in memory.
/// </summary>
internal static class EventExport
{
    private static readonly byte[] OpenBracket = "["u8.ToArray();
    private static readonly byte[] Comma = ","u8.ToArray();
    private static readonly byte[] CloseBracket = "]"u8.ToArray();
    private static readonly string[] Columns = ["clientId", "kind", "at", "peerIp", "peerPort", "username", "reason", "node", "source", "timeClamped"];

    public static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<StoredEvent> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteLineAsync(string.Join(',', Columns));
        var count = 0;
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            var dto = EventDto.From(e);
            await writer.WriteLineAsync(string.Join(',', [
                Field(dto.ClientId),
                dto.Kind,
                dto.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                Field(dto.PeerIp),
                dto.PeerPort?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                Field(dto.Username),
                Field(dto.Reason),
                Field(dto.Node),
                dto.Source,
                dto.TimeClamped ? "true" : "false",
            ]));
            if (++count % 1000 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
    }

    /// <summary>One JSON array, each row serialised on its own and written asynchronously (the server forbids sync writes).</summary>
    public static async Task WriteJsonAsync(Stream body, IAsyncEnumerable<StoredEvent> rows, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        await using var buffered = new BufferedStream(body, 64 * 1024);
        await buffered.WriteAsync(OpenBracket, cancellationToken);
        var first = true;
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            if (!first)
            {
                await buffered.WriteAsync(Comma, cancellationToken);
            }

            first = false;
            await buffered.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(EventDto.From(e), options), cancellationToken);
        }

        await buffered.WriteAsync(CloseBracket, cancellationToken);
        await buffered.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// RFC 4180 quoting; and a value that a spreadsheet would run as a formula (=, +, -, @) is
    /// prefixed with a quote mark, since client IDs and usernames come from devices.
    /// </summary>
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
