using System.Text.Json;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// Splits an HTTP body into the JSON values it carries: one object (what EMQX's HTTP action
/// sends), a JSON array of them, or newline-delimited JSON (batching tools). Each value comes back
/// as its own bytes, for the parser. A body that is not JSON at all fails as a whole.
/// </summary>
public static class JsonBatchSplitter
{
    /// <summary>The values, or an error that says where the JSON broke.</summary>
    public static (IReadOnlyList<ReadOnlyMemory<byte>> Values, string? Error) Split(ReadOnlyMemory<byte> body)
    {
        var values = new List<ReadOnlyMemory<byte>>();
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadArrayElements(ref reader, body, values);
                }
                else
                {
                    values.Add(Slice(ref reader, body));
                }
            }
        }
        catch (JsonException ex)
        {
            return ([], $"the body is not valid JSON, a JSON array or NDJSON: {ex.Message}");
        }

        return values.Count == 0 ? ([], "the body is empty") : (values, null);
    }

    private static void ReadArrayElements(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, List<ReadOnlyMemory<byte>> values)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(Slice(ref reader, body));
        }
    }

    /// <summary>The bytes of the value starting at the reader's current token; leaves the reader on its last token.</summary>
    private static ReadOnlyMemory<byte> Slice(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        return body[start..end];
    }
}
