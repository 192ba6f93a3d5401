using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dashboard.Api;

/// <summary>
/// The parts every export shares (history's and the client list's): the <c>format</c> parameter,
/// the attachment header, and rows streamed one at a time as CSV or as one JSON array, so an export
/// of millions of rows never sits in memory. CSV values are quoted per RFC 4180 and defused against
/// spreadsheet formulas, since client IDs and usernames come from devices.
/// </summary>
internal static class StreamedExport
{
    private static readonly byte[] OpenBracket = "["u8.ToArray();
    private static readonly byte[] Comma = ","u8.ToArray();
    private static readonly byte[] CloseBracket = "]"u8.ToArray();

    /// <summary>csv or json (the default), or an error naming <c>format</c>.</summary>
    public static string ReadFormat(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        var format = query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : "json";
        if (format is not ("csv" or "json"))
        {
            errors["format"] = [$"must be csv or json; got '{format}'"];
        }

        return format;
    }

    /// <summary>
    /// The streamed answer: <paramref name="rows"/> as CSV (a header of <paramref name="columns"/>,
    /// then <paramref name="fields"/> of each row, already formatted) or as a JSON array of the rows,
    /// offered as the file <paramref name="name"/> plus the format's extension.
    /// </summary>
    public static IResult Stream<T>(
        HttpContext context,
        string name,
        string format,
        IAsyncEnumerable<T> rows,
        string[] columns,
        Func<T, string[]> fields,
        JsonSerializerOptions json,
        CancellationToken cancellationToken)
    {
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.{format}\"";
        return format == "csv"
            ? Results.Stream(body => WriteCsvAsync(body, rows, columns, fields, cancellationToken), "text/csv; charset=utf-8")
            : Results.Stream(body => WriteJsonAsync(body, rows, json, cancellationToken), "application/json");
    }

    /// <summary>A UTC time as every export writes it.</summary>
    public static string Time(DateTime? at) => at?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Flag(bool? value) => value switch
    {
        null => string.Empty,
        true => "true",
        false => "false",
    };

    /// <summary>
    /// RFC 4180 quoting; and a value that a spreadsheet would run as a formula (=, +, -, @) is
    /// prefixed with a quote mark, since client IDs and usernames come from devices.
    /// </summary>
    public static string Field(string? value)
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

    private static async Task WriteCsvAsync<T>(Stream body, IAsyncEnumerable<T> rows, string[] columns, Func<T, string[]> fields, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteLineAsync(string.Join(',', columns));
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(',', fields(row)));
            if (++count % 1000 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
    }

    /// <summary>One JSON array, each row serialised on its own and written asynchronously (the server forbids sync writes).</summary>
    private static async Task WriteJsonAsync<T>(Stream body, IAsyncEnumerable<T> rows, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        await using var buffered = new BufferedStream(body, 64 * 1024);
        await buffered.WriteAsync(OpenBracket, cancellationToken);
        var first = true;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (!first)
            {
                await buffered.WriteAsync(Comma, cancellationToken);
            }

            first = false;
            await buffered.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(row, options), cancellationToken);
        }

        await buffered.WriteAsync(CloseBracket, cancellationToken);
        await buffered.FlushAsync(cancellationToken);
    }
}
