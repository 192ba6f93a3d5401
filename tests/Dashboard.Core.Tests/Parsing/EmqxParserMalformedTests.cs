using System.Text;
using Dashboard.Core.Events;
using static Dashboard.Core.Tests.Parsing.ParserTestKit;

namespace Dashboard.Core.Tests.Parsing;

/// <summary>Payloads that must turn into a clear failure, never an exception or a half-filled event.</summary>
public sealed class EmqxParserMalformedTests
{
    private const string Connect = """{"event":"client.connected","clientid":"c1",""";

    [Theory]
    [InlineData("", "payload is empty")]
    [InlineData("   \r\n\t ", "payload is empty (whitespace only)")]
    [InlineData("[1,2]", "payload is a JSON array, expected an object")]
    [InlineData("\"client.connected\"", "payload is a JSON string, expected an object")]
    [InlineData("42", "payload is a JSON number, expected an object")]
    [InlineData("true", "payload is a JSON boolean, expected an object")]
    [InlineData("null", "payload is JSON null, expected an object")]
    [InlineData("undefined", "payload is the text 'undefined', not JSON: set the republish action's payload template to ${.}")]
    [InlineData("{\"event\":\"client.connected\"}", "missing 'clientid'")]
    [InlineData("{\"event\":\"client.connected\",\"clientid\":null}", "missing 'clientid'")]
    [InlineData("{\"event\":\"client.connected\",\"clientid\":\"\"}", "field 'clientid' is empty")]
    public void Not_an_event_object(string payload, string error)
    {
        Assert.Equal(error, ParseFail(payload).Error);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("{\"clientid\":\"c1\"")]
    [InlineData("{\"clientid\":\"c1\",\"event\":\"client.conn")]
    [InlineData("{\"clientid\":\"c1\",}")]
    [InlineData("{clientid:\"c1\"}")]
    [InlineData("{\"clientid\":\"c1\"} trailing")]
    [InlineData("{\"clientid\":\"c1\",\"event\":\"client.connected\"}{}")]
    [InlineData("{\"clientid\":\"c1\",\"event\":\"client.connected\"},")]
    [InlineData("{\"clientid\":\"c1\",\"metadata\":{\"rule_id\":[1,2}}")]
    public void Invalid_or_truncated_json(string payload)
    {
        Assert.StartsWith("payload is not valid JSON: ", ParseFail(payload).Error);
    }

    [Fact]
    public void Trailing_whitespace_after_the_object_is_fine()
    {
        Assert.Equal("c1", ParseOk(Connect.TrimEnd(',') + "}\r\n  \n").ClientId);
    }

    [Theory]
    [InlineData("clientid", "42", "field 'clientid' must be a string, got number")]
    [InlineData("clientid", "{\"id\":\"c1\"}", "field 'clientid' must be a string, got object")]
    [InlineData("keepalive", "\"sixty\"", "field 'keepalive' must be a number, got string")]
    [InlineData("keepalive", "true", "field 'keepalive' must be a number, got boolean")]
    [InlineData("proto_ver", "\"5\"", "field 'proto_ver' must be a number, got string")]
    [InlineData("expiry_interval", "[3600]", "field 'expiry_interval' must be a number, got array")]
    [InlineData("connected_at", "{}", "field 'connected_at' must be a number, got object")]
    [InlineData("disconnected_at", "false", "field 'disconnected_at' must be a number, got boolean")]
    [InlineData("timestamp", "\"soon\"", "field 'timestamp' must be ms since epoch or an RFC 3339 time, got \"soon\"")]
    [InlineData("ts", "[]", "field 'ts' must be a number, got array")]
    [InlineData("clean_start", "1", "field 'clean_start' must be a boolean, got number")]
    [InlineData("clean_start", "\"yes\"", "field 'clean_start' must be a boolean, got \"yes\"")]
    [InlineData("username", "[]", "field 'username' must be a string, got array")]
    [InlineData("peername", "53122", "field 'peername' must be a string, got number")]
    [InlineData("ipaddress", "{}", "field 'ipaddress' must be a string, got object")]
    [InlineData("node", "7", "field 'node' must be a string, got number")]
    [InlineData("reason", "true", "field 'reason' must be a string, got boolean")]
    [InlineData("proto_name", "4", "field 'proto_name' must be a string, got number")]
    [InlineData("event", "1", "field 'event' must be a string, got number")]
    public void Wrong_type_names_the_field(string field, string json, string error)
    {
        Assert.Equal(error, ParseFail($"{Connect}\"{field}\":{json}}}").Error);
    }

    [Theory]
    [InlineData("keepalive", "65536", "field 'keepalive' is out of range: 65536")]
    [InlineData("keepalive", "-1", "field 'keepalive' is out of range: -1")]
    [InlineData("keepalive", "60.5", "field 'keepalive' must be a whole number, got 60.5")]
    [InlineData("proto_ver", "256", "field 'proto_ver' is out of range: 256")]
    [InlineData("expiry_interval", "-5", "field 'expiry_interval' is out of range: -5")]
    [InlineData("expiry_interval", "1e300", "field 'expiry_interval' is out of range: 1e300")]
    [InlineData("connected_at", "1e20", "field 'connected_at' is out of range: 1e20")]
    [InlineData("connected_at", "99999999999999999999", "field 'connected_at' is out of range: 99999999999999999999")]
    [InlineData("connected_at", "253402300800000", "field 'connected_at' is out of range: 253402300800000")]
    [InlineData("disconnected_at", "\"-99999999999999999\"", "field 'disconnected_at' is out of range: -99999999999999999")]
    public void Numbers_out_of_range_fail(string field, string json, string error)
    {
        Assert.Equal(error, ParseFail($"{Connect}\"{field}\":{json}}}").Error);
    }

    [Fact]
    public void Whole_numbers_written_as_decimals_are_accepted()
    {
        var parsed = ParseOk(Connect + "\"keepalive\":60.0,\"connected_at\":1.7495514001250e12}");

        Assert.Equal(60, parsed.Keepalive);
        Assert.Equal(Ms(1749551400125), parsed.EventTime);
    }

    [Fact]
    public void Payload_over_the_cap_fails_without_parsing()
    {
        // Valid JSON, so only the size check can reject it.
        string payload = Connect + "\"padding\":\"" + new string('x', 70000 - Connect.Length - 13) + "\"}";
        Assert.Equal(70000, Encoding.UTF8.GetByteCount(payload));

        var failure = ParseFail(payload);

        Assert.Equal("payload is 70000 bytes, over the 65536-byte limit", failure.Error);
        Assert.Equal(70000, failure.PayloadBytes);
        Assert.Equal(513, failure.RawSample.Length);
        Assert.Equal(payload[..512] + "…", failure.RawSample);
    }

    [Fact]
    public void Custom_cap_is_inclusive()
    {
        var parser = new EmqxEventParser(maxPayloadBytes: 64);
        byte[] exactly = Encoding.UTF8.GetBytes((Connect.TrimEnd(',') + "}").PadRight(64));
        byte[] oneMore = Encoding.UTF8.GetBytes((Connect.TrimEnd(',') + "}").PadRight(65));

        Assert.True(parser.Parse(exactly, null, EventSourceKind.Mqtt, ReceivedAt).IsSuccess);
        Assert.Equal(
            "payload is 65 bytes, over the 64-byte limit",
            Fail(parser.Parse(oneMore, null, EventSourceKind.Mqtt, ReceivedAt)).Error);
        Assert.Equal(
            "payload is 65 bytes, over the 64-byte limit",
            Fail(parser.Parse(Segmented(oneMore, 10), null, EventSourceKind.Mqtt, ReceivedAt)).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Cap_below_one_is_rejected(int cap)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmqxEventParser(cap));
    }

    [Fact]
    public void Raw_sample_replaces_invalid_utf8_and_keeps_text_unescaped()
    {
        byte[] payload = [0xFF, .. "<b>{\"a\":1}"u8, 0xC3];

        var failure = Fail(new EmqxEventParser().Parse(payload, "t", EventSourceKind.Webhook, ReceivedAt));

        Assert.Equal("\uFFFD<b>{\"a\":1}\uFFFD", failure.RawSample);
        Assert.Equal(payload.Length, failure.PayloadBytes);
    }

    [Fact]
    public void Raw_sample_cuts_long_non_ascii_text_at_512_chars()
    {
        string text = "[\"" + string.Concat(Enumerable.Repeat("Küche😀", 200)) + "\"]";

        var failure = ParseFail(text);

        Assert.Equal("payload is a JSON array, expected an object", failure.Error);
        Assert.EndsWith("…", failure.RawSample);
        Assert.StartsWith(failure.RawSample[..^1], text, StringComparison.Ordinal);
        Assert.InRange(failure.RawSample.Length, 512, 513);
        Assert.False(char.IsHighSurrogate(failure.RawSample[^2]));
    }

    [Fact]
    public void Invalid_utf8_inside_a_field_is_a_failure()
    {
        byte[] payload = [.. "{\"event\":\"client.connected\",\"clientid\":\"ab"u8, 0xFF, 0xFE, .. "\"}"u8];

        var failure = Fail(new EmqxEventParser().Parse(payload, null, EventSourceKind.Mqtt, ReceivedAt));

        Assert.Equal("field 'clientid' is not valid UTF-8", failure.Error);
    }

    [Fact]
    public void Deep_nesting_in_an_ignored_field_is_a_failure_not_a_crash()
    {
        string deep = new string('[', 500) + new string(']', 500);

        Assert.StartsWith("payload is not valid JSON: ", ParseFail(Connect + "\"metadata\":" + deep + "}").Error);
    }
}
