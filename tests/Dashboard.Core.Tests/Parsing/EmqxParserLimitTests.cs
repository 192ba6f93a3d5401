using System.Text;
using Dashboard.Core.Events;
using static Dashboard.Core.Tests.Parsing.ParserTestKit;

namespace Dashboard.Core.Tests.Parsing;

/// <summary>The limits on what an event may carry: no U+0000, bounded strings, plausible times.</summary>
public sealed class EmqxParserLimitTests
{
    /// <summary>ReceivedAt + 10 minutes, in ms: beyond the default 5 minutes of skew.</summary>
    private static readonly long TenMinutesAhead = ReceivedAt.AddMinutes(10).ToUnixTimeMilliseconds();

    [Theory]
    [InlineData("""{"event":"client.connected","clientid":"c\u00001"}""", "clientid")]
    [InlineData(Connect + "\"username\":\"u\\u0000\"}", "username")]
    [InlineData(Disconnect + "\"reason\":\"normal\\u0000<script>\"}", "reason")]
    [InlineData(Connect + "\"node\":\"emqx@n1\\u0000\"}", "node")]
    [InlineData(Connect + "\"peername\":\"10.0.0.1:1\\u0000\"}", "peername")]
    [InlineData(Connect + "\"ipaddress\":\"10.0.0.1\\u0000\"}", "ipaddress")]
    [InlineData(Connect + "\"proto_name\":\"MQTT\\u0000\"}", "proto_name")]
    [InlineData(Connect + "\"connected_at\":\"2025-06-10T10:00:00Z\\u0000\"}", "connected_at")]
    public void U0000_in_a_kept_field_is_a_failure_naming_it(string json, string field)
    {
        var failure = ParseFail(json);

        Assert.Equal($"field '{field}' contains U+0000, which MQTT forbids in strings", failure.Error);
    }

    [Theory]
    [InlineData(Connect + "\"metadata\":{\"rule_id\":\"r\\u0000\"}}")]
    [InlineData(Connect + "\"conn_props\":{\"User-Property\":[[\"k\",\"v\\u0000\"]]}}")]
    [InlineData(Connect + "\"x\\u0000y\":1}")]
    [InlineData(Connect + "\"client_attrs\":{\"a\\u0000\":\"b\"}}")]
    [InlineData(Connect + "\"other\":\"\\u0000\"}")]
    public void U0000_anywhere_else_in_the_payload_is_a_failure_too(string json)
    {
        Assert.Equal("payload contains U+0000, which MQTT forbids in strings", ParseFail(json).Error);
    }

    [Fact]
    public void Other_escapes_and_a_literal_backslash_u0000_are_not_U0000()
    {
        var parsed = ParseOk(Connect + "\"username\":\"a\\\\u0000b\",\"metadata\":{\"k\":\"\\u0001\\n\"}}");

        Assert.Equal("a\\u0000b", parsed.Username);
    }

    [Theory]
    [InlineData("clientid")]
    [InlineData("username")]
    [InlineData("reason")]
    [InlineData("node")]
    public void A_named_field_over_the_limit_is_a_failure_naming_it(string field)
    {
        var parser = new EmqxEventParser(maxFieldLength: 40);
        string at = new('x', 40);
        string over = new('x', 41);

        var fits = parser.Parse(Payload(field, at), null, EventSourceKind.Mqtt, ReceivedAt);
        var fails = parser.Parse(Payload(field, over), null, EventSourceKind.Mqtt, ReceivedAt);

        Assert.True(fits.IsSuccess, fits.Failure?.Error);
        Assert.Equal($"field '{field}' is 41 characters long, over the 40-character limit", Fail(fails).Error);
    }

    [Fact]
    public void The_default_limit_is_1024_characters()
    {
        Assert.Equal(1024, new EmqxEventParser().MaxFieldLength);
        Assert.True(Parse(Connect + $"\"username\":\"{new string('é', 1024)}\"}}").IsSuccess);
        Assert.Contains("'username' is 1025 characters long", ParseFail(Connect + $"\"username\":\"{new string('é', 1025)}\"}}").Error);
    }

    [Theory]
    [InlineData("peername", 129)]
    [InlineData("ipaddress", 129)]
    [InlineData("proto_name", 65)]
    [InlineData("event", 1025)]
    public void Other_strings_are_bounded_too(string field, int length)
    {
        var failure = ParseFail(Connect + $"\"{field}\":\"{new string('1', length)}\"}}");

        Assert.Equal($"field '{field}' is {length} characters long, over the {length - 1}-character limit", failure.Error);
    }

    [Theory]
    [InlineData("connected_at", "946684799999")]
    [InlineData("disconnected_at", "0")]
    [InlineData("timestamp", "-1")]
    [InlineData("ts", "\"12345\"")]
    [InlineData("connected_at", "\"1999-12-31T23:59:59Z\"")]
    [InlineData("connected_at", "\"0001-01-01T00:00:00Z\"")]
    public void Times_before_2000_are_failures_naming_the_field(string field, string value)
    {
        var failure = ParseFail(Connect + $"\"{field}\":{value}}}");

        Assert.StartsWith($"field '{field}' is before 2000-01-01", failure.Error);
    }

    [Fact]
    public void The_first_moment_of_2000_is_accepted()
    {
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), EmqxEventParser.EarliestEventTime);
        Assert.Equal(EmqxEventParser.EarliestEventTime, ParseOk(Connect + "\"connected_at\":946684800000}").EventTime);
    }

    [Fact]
    public void A_year_9999_connect_is_clamped_to_its_receive_time()
    {
        var parsed = ParseOk(Connect + "\"connected_at\":253402300799000}");

        Assert.Equal(ReceivedAt, parsed.EventTime);
        Assert.Equal(ReceivedAt, parsed.ConnectedAt);
        Assert.True(parsed.TimeClamped);
        Assert.True(parsed.EventTimeFromPayload);
    }

    [Fact]
    public void A_disconnects_future_connected_at_is_clamped_and_so_is_its_own_time()
    {
        var onlyConnectedAt = ParseOk(Disconnect + $"\"disconnected_at\":1749551400000,\"connected_at\":{TenMinutesAhead}}}");
        var both = ParseOk(Disconnect + $"\"disconnected_at\":{TenMinutesAhead},\"connected_at\":1749551400000}}");

        Assert.Equal(ReceivedAt, onlyConnectedAt.ConnectedAt);
        Assert.Equal(Ms(1749551400000), onlyConnectedAt.EventTime);
        Assert.True(onlyConnectedAt.TimeClamped);
        Assert.Equal(ReceivedAt, both.EventTime);
        Assert.Equal(Ms(1749551400000), both.ConnectedAt);
        Assert.True(both.TimeClamped);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(4 * 60_000, false)]
    [InlineData(5 * 60_000, false)]
    [InlineData((5 * 60_000) + 1, true)]
    public void Times_within_the_allowed_skew_are_kept(long aheadMs, bool clamped)
    {
        long at = ReceivedAt.ToUnixTimeMilliseconds() + aheadMs;

        var parsed = ParseOk(Connect + $"\"connected_at\":{at}}}");

        Assert.Equal(clamped, parsed.TimeClamped);
        Assert.Equal(clamped ? ReceivedAt : Ms(at), parsed.EventTime);
    }

    [Fact]
    public void The_skew_is_configurable()
    {
        var strict = new EmqxEventParser(maxClockSkew: TimeSpan.Zero);
        long oneMsAhead = ReceivedAt.ToUnixTimeMilliseconds() + 1;

        var parsed = Ok(strict.Parse(Encoding.UTF8.GetBytes(Connect + $"\"connected_at\":{oneMsAhead}}}"), null, EventSourceKind.Mqtt, ReceivedAt));

        Assert.True(parsed.TimeClamped);
        Assert.Equal(ReceivedAt, parsed.EventTime);
    }

    [Fact]
    public void Limits_below_their_minimum_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmqxEventParser(maxFieldLength: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmqxEventParser(maxClockSkew: TimeSpan.FromSeconds(-1)));
    }

    private static byte[] Payload(string field, string value) => field == "clientid"
        ? Encoding.UTF8.GetBytes($$"""{"event":"client.disconnected","clientid":"{{value}}","reason":"normal"}""")
        : Encoding.UTF8.GetBytes($$"""{"event":"client.disconnected","clientid":"c1","{{field}}":"{{value}}"}""");
}
