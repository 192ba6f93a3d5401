using System.Buffers;
using System.Text;
using Dashboard.Core.Events;

namespace Dashboard.Core.Tests.Parsing;

/// <summary>Shared helpers for the parser tests: fixture loading, one-line parse calls, segmented buffers.</summary>
internal static class ParserTestKit
{
    public static readonly DateTimeOffset ReceivedAt = new(2025, 6, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The start of a connect or disconnect for client c1; a test appends its fields and the closing brace.</summary>
    public const string Connect = """{"event":"client.connected","clientid":"c1",""";

    public const string Disconnect = """{"event":"client.disconnected","clientid":"c1",""";

    public static byte[] Fixture(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "emqx", name));

    public static DateTimeOffset Ms(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    public static ParseResult Parse(string json, string? topic = null, EventSourceKind source = EventSourceKind.Mqtt) =>
        new EmqxEventParser().Parse(Encoding.UTF8.GetBytes(json), topic, source, ReceivedAt);

    public static ConnectionEvent ParseOk(string json, string? topic = null, EventSourceKind source = EventSourceKind.Mqtt) =>
        Ok(Parse(json, topic, source));

    public static ParseFailure ParseFail(string json, string? topic = null, EventSourceKind source = EventSourceKind.Mqtt) =>
        Fail(Parse(json, topic, source));

    /// <summary>
    /// The parsed event, with <see cref="ConnectionEvent.RawJson"/> checked to be present and then
    /// cleared, so that tests compare the parsed fields with record equality.
    /// </summary>
    public static ConnectionEvent Ok(ParseResult result)
    {
        Assert.True(result.IsSuccess, "expected success, got: " + result.Failure?.Error);
        Assert.Null(result.Failure);
        Assert.False(string.IsNullOrEmpty(result.Event!.RawJson));
        return result.Event with { RawJson = null };
    }

    public static ParseFailure Fail(ParseResult result)
    {
        Assert.False(result.IsSuccess, "expected a failure, got an event for " + result.Event?.ClientId);
        Assert.Null(result.Event);
        Assert.NotNull(result.Failure);
        Assert.False(string.IsNullOrWhiteSpace(result.Failure!.Error));
        return result.Failure;
    }

    /// <summary>Cuts <paramref name="bytes"/> into a chain of segments of at most <paramref name="segmentSize"/> bytes.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(bytes.AsMemory(0, Math.Min(segmentSize, bytes.Length)), 0);
        var last = first;
        for (int offset = segmentSize; offset < bytes.Length; offset += segmentSize)
        {
            last = last.Append(bytes.AsMemory(offset, Math.Min(segmentSize, bytes.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
