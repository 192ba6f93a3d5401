using Dashboard.Core.Events;
using static Dashboard.Core.Tests.Parsing.ParserTestKit;

namespace Dashboard.Core.Tests.Parsing;

/// <summary>Segmented input and damaged payloads: the same answers as contiguous input, and never an exception.</summary>
public sealed class EmqxParserRobustnessTests
{
    public static TheoryData<string> FixtureNames() =>
    [
        "client_connected.json",
        "client_disconnected_normal.json",
        "client_disconnected_takenover.json",
        "client_disconnected_discarded.json",
        "client_disconnected_keepalive_timeout.json",
        "client_disconnected_ipv6.json",
        "sys_connected.json",
        "sys_disconnected.json",
        "rule_select_subset.json",
        "client_connack_bad_credentials.json",
        "client_check_authn_complete_failure.json",
        "client_check_authn_complete_success.json",
        "client_check_authz_complete_deny.json",
        "client_check_authz_complete_allow.json",
        "client_connack_success.json",
        "client_connack_server_busy.json",
        "client_connack_success_5_10.json",
        "client_connack_bad_credentials_5_10.json",
        "api_clients_page.json",
    ];

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Multi_segment_sequence_gives_the_same_result_as_a_span(string name)
    {
        var parser = new EmqxEventParser();
        byte[] bytes = Fixture(name);
        var expected = parser.Parse(bytes, "dash/events", EventSourceKind.Mqtt, ReceivedAt);

        foreach (int segmentSize in new[] { 1, 2, 3, 7, 64, bytes.Length })
        {
            var sequence = Segmented(bytes, segmentSize);
            Assert.Equal(segmentSize >= bytes.Length, sequence.IsSingleSegment);

            var actual = parser.Parse(sequence, "dash/events", EventSourceKind.Mqtt, ReceivedAt);

            Assert.Equal(expected.Event, actual.Event);
            Assert.Equal(expected.Access, actual.Access);
            Assert.Equal(expected.Failure, actual.Failure);
        }
    }

    [Theory]
    [InlineData("{\"clientid\":\"c1\",\"keepalive\":\"sixty\"}")]
    [InlineData("{\"clientid\":\"c1\"} trailing")]
    [InlineData("{\"clientid\":\"c1\",\"keepalive\":123456789012345678901234567890}")]
    [InlineData("\uFEFF{\"clientid\":\"Gerät/Küche 100%\",\"connected_at\":\"2025-06-10T10:30:00Z\"}")]
    [InlineData("   ")]
    [InlineData("undefined")]
    public void Multi_segment_failures_and_edge_cases_match_the_span_path(string json)
    {
        var parser = new EmqxEventParser();
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var expected = parser.Parse(bytes, null, EventSourceKind.Webhook, ReceivedAt);

        var actual = parser.Parse(Segmented(bytes, 2), null, EventSourceKind.Webhook, ReceivedAt);

        Assert.Equal(expected.Event, actual.Event);
        Assert.Equal(expected.Failure?.Error, actual.Failure?.Error);
        Assert.Equal(expected.Failure, actual.Failure);
    }

    [Fact]
    public void Every_prefix_of_a_fixture_parses_without_throwing()
    {
        var parser = new EmqxEventParser();
        byte[] bytes = Fixture("client_connected.json");
        int closingBrace = Array.LastIndexOf(bytes, (byte)'}');

        for (int length = 0; length <= bytes.Length; length++)
        {
            var span = parser.Parse(bytes.AsSpan(0, length), "dash/client_connected", EventSourceKind.Mqtt, ReceivedAt);
            var sequence = parser.Parse(Segmented(bytes[..length], 5), "dash/client_connected", EventSourceKind.Mqtt, ReceivedAt);

            // Only prefixes that include the closing brace are complete JSON.
            Assert.Equal(length > closingBrace, span.IsSuccess);
            Assert.Equal(span.IsSuccess, sequence.IsSuccess);
            Assert.Equal(Category(span), Category(sequence));
            AssertWellFormed(span, length);
            AssertWellFormed(sequence, length);
        }
    }

    [Theory]
    [InlineData("client_connected.json")]
    [InlineData("client_disconnected_ipv6.json")]
    [InlineData("sys_disconnected.json")]
    public void Random_byte_flips_never_throw(string name)
    {
        var parser = new EmqxEventParser(maxPayloadBytes: 600);
        byte[] original = Fixture(name);
        var random = new Random(20250610);
        int failures = 0;

        for (int round = 0; round < 3000; round++)
        {
            byte[] damaged = (byte[])original.Clone();
            int flips = random.Next(1, 4);
            for (int i = 0; i < flips; i++)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            // Sometimes also cut or grow the payload, so both the size cap and truncation get exercised.
            if (round % 5 == 0)
            {
                Array.Resize(ref damaged, random.Next(damaged.Length + 200));
            }

            var span = parser.Parse(damaged, "dash/events", EventSourceKind.Mqtt, ReceivedAt);
            var sequence = parser.Parse(Segmented(damaged, random.Next(1, 40)), "dash/events", EventSourceKind.Mqtt, ReceivedAt);

            AssertWellFormed(span, damaged.Length);
            AssertWellFormed(sequence, damaged.Length);
            Assert.Equal(Category(span), Category(sequence));
            Assert.Equal(span.Event, sequence.Event);
            failures += span.IsSuccess ? 0 : 1;
        }

        // Most random damage must be caught; a fuzz loop that always succeeds would test nothing.
        Assert.InRange(failures, 1000, 3000);
    }

    // The reader quotes the offending token differently for spans and sequences; the part before ':' must agree.
    private static string? Category(ParseResult result) =>
        result.Failure?.Error.Split(':')[0];

    private static void AssertWellFormed(ParseResult result, int payloadLength)
    {
        Assert.True(result.Event is null != result.Failure is null);
        if (result.Failure is { } failure)
        {
            Assert.False(string.IsNullOrWhiteSpace(failure.Error));
            Assert.DoesNotContain("could not be read", failure.Error);
            Assert.Equal(payloadLength, failure.PayloadBytes);
            Assert.True(failure.RawSample.Length <= 513);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(result.Event!.ClientId));
        }
    }
}
