using Dashboard.Core.Events;
using Dashboard.Tests.Shared;
using static Dashboard.Core.Tests.Parsing.ParserTestKit;

namespace Dashboard.Core.Tests.Parsing;

/// <summary>The parser alone against the fuzz payloads: each one parses or fails, never throws, and the limits hold.</summary>
public sealed class EmqxParserFuzzTests
{
    [Fact]
    public void Every_fuzz_payload_parses_or_fails_and_kept_strings_are_bounded_and_free_of_U0000()
    {
        var parser = new EmqxEventParser();
        var payloads = FuzzPayloads.Create(10_000, seed: 20261128, Path.Combine(AppContext.BaseDirectory, "Fixtures", "emqx"), ReceivedAt);
        int failures = 0;

        foreach (var payload in payloads)
        {
            // Both paths: one span, and a chain of small segments as MQTTnet may hand over.
            var result = parser.Parse(payload.Bytes, "client_connected", EventSourceKind.Mqtt, ReceivedAt);
            var segmented = parser.Parse(Segmented(payload.Bytes, 4096), "client_connected", EventSourceKind.Mqtt, ReceivedAt);

            // The same outcome; System.Text.Json words some syntax errors differently across segments.
            Assert.Equal(result.Event, segmented.Event);
            Assert.Equal(result.Access, segmented.Access);
            Assert.Equal(result.IsSuccess, segmented.IsSuccess);
            Assert.True(result.IsSuccess != (result.Failure is not null), payload.ToString());
            if (result.Access is { } access)
            {
                // The access fixtures are fuzz bases too: the same bounds hold for what they keep.
                Assert.False(payload.MustFail, $"{payload} parsed, but it must fail");
                foreach (var text in new[] { access.ClientId, access.Username, access.ReasonCode, access.Node, access.PeerIp, access.Topic, access.Action, access.Result, access.AuthzSource })
                {
                    Assert.True(text is null || (text.Length <= parser.MaxFieldLength && !text.Contains('\0', StringComparison.Ordinal)), payload.ToString());
                }

                Assert.InRange(access.EventTime, EmqxEventParser.EarliestEventTime, ReceivedAt + parser.MaxClockSkew);
                continue;
            }

            if (result.Event is not { } e)
            {
                Assert.False(string.IsNullOrWhiteSpace(result.Failure!.Error));
                Assert.True(result.Failure.RawSample.Length <= 513, payload.ToString());
                failures++;
                continue;
            }

            Assert.False(payload.MustFail, $"{payload} parsed, but it must fail");
            foreach (var text in new[] { e.ClientId, e.Username, e.Reason, e.Node, e.PeerIp, e.ProtoName })
            {
                Assert.True(text is null || (text.Length <= parser.MaxFieldLength && !text.Contains('\0', StringComparison.Ordinal)), payload.ToString());
            }

            Assert.InRange(e.EventTime, EmqxEventParser.EarliestEventTime, ReceivedAt + parser.MaxClockSkew);
            Assert.True(e.ConnectedAt is null || e.ConnectedAt <= ReceivedAt + parser.MaxClockSkew, payload.ToString());
            if (payload.WellFormedClientId is { } id)
            {
                Assert.Equal(id, e.ClientId);
            }
        }

        Assert.All(payloads.Where(p => p.WellFormedClientId is not null), p => Assert.True(parser.Parse(p.Bytes, null, EventSourceKind.Webhook, ReceivedAt).IsSuccess, p.ToString()));
        Assert.InRange(failures, 3000, 7000);
        string[] kinds =
        [
            "well-formed", "well-formed-odd-chars", "repeat", "byte-flip", "truncation", "wrong-type", "wrong-type-top-level",
            "huge-number", "deep-nesting", "1mb-string", "invalid-utf8", "u0000", "future-time", "ancient-time",
        ];
        Assert.All(kinds, kind => Assert.Contains(payloads, p => p.Kind == kind));
    }

    [Fact]
    public void The_payloads_are_the_same_for_the_same_seed()
    {
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "emqx");

        var first = FuzzPayloads.Create(500, seed: 7, fixtures, ReceivedAt);
        var second = FuzzPayloads.Create(500, seed: 7, fixtures, ReceivedAt);

        Assert.Equal(first.Select(p => Convert.ToBase64String(p.Bytes)), second.Select(p => Convert.ToBase64String(p.Bytes)));
    }
}
