using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.Shared;

/// <summary>
/// One payload of the fuzz suite. <see cref="WellFormedClientId"/> is set when the payload is a
/// valid connect or disconnect that must end up stored exactly once (its repeats share the ID).
/// </summary>
public sealed record FuzzPayload(string Kind, byte[] Bytes, string? WellFormedClientId, bool MustFail)
{
    public override string ToString() => $"{Kind} ({Bytes.Length} bytes)";
}

/// <summary>
/// Makes hostile and well-formed EMQX payloads from the fixtures, deterministically: the same seed
/// and base time give the same payloads. Mutations: byte flips, truncations, wrong types, huge
/// numbers, deep nesting, 1 MB strings, invalid UTF-8, U+0000, RTL and zero-width characters,
/// future and ancient times; plus well-formed events with distinct identities and exact repeats.
/// </summary>
public static class FuzzPayloads
{
    private const string WellFormedPrefix = "fuzz-ok-";

    private static readonly string[] StringFields = ["clientid", "username", "reason", "node", "peername", "proto_name", "event"];
    private static readonly string[] NumberFields = ["connected_at", "disconnected_at", "timestamp", "keepalive", "proto_ver", "expiry_interval"];

    private static readonly string[] HugeNumbers =
    [
        "1e400", "-1e400", "123456789012345678901234567890", "-9223372036854775809", "9223372036854775808",
        "1.5", "1749551400125.5", "0.0000000001", "-0", "253402300800000",
    ];

    // Right-to-left override, zero-width space/joiner, BOM and an Arabic letter: legal in MQTT strings.
    private static readonly string[] OddCharacters = ["\u202E", "\u200B", "\u200D", "\uFEFF", "\u0627", "\u2066", "\U0001F600"];

    public static bool IsWellFormedClientId(string clientId) => clientId.StartsWith(WellFormedPrefix, StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="count"/> payloads from the fixtures in <paramref name="fixtures"/>. Well-formed
    /// events are stamped shortly before <paramref name="now"/>, so no retention or skew rule touches them.
    /// </summary>
    public static IReadOnlyList<FuzzPayload> Create(int count, int seed, string fixtures, DateTimeOffset now)
    {
        var random = new Random(seed);
        // Every fixture whose body is an object (REST answers may be arrays), in a fixed order:
        // Directory.GetFiles promises none.
        var bases = Directory.GetFiles(fixtures, "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)
            .Where(b => JsonNode.Parse(b) is JsonObject).ToArray();
        var objects = bases.Select(b => JsonNode.Parse(b)!.AsObject()).ToArray();
        var payloads = new List<FuzzPayload>(count);
        var wellFormed = new List<FuzzPayload>();
        long baseMs = now.AddHours(-1).ToUnixTimeMilliseconds();
        while (payloads.Count < count)
        {
            int pick = random.Next(100);
            FuzzPayload payload = pick switch
            {
                < 30 => WellFormed(random, wellFormed.Count, baseMs, odd: false),
                < 36 => WellFormed(random, wellFormed.Count, baseMs, odd: true),
                < 40 when wellFormed.Count > 0 => wellFormed[random.Next(wellFormed.Count)] with { Kind = "repeat" },
                < 52 => FlipBytes(random, bases[random.Next(bases.Length)]),
                < 60 => Truncate(random, bases[random.Next(bases.Length)]),
                < 68 => WrongType(random, Clone(objects, random)),
                < 74 => HugeNumber(random, Clone(objects, random)),
                < 77 => DeepNesting(random, Clone(objects, random)),
                // About one in a thousand: each takes a megabyte through the broker and the app.
                < 78 when random.Next(10) == 0 => MegaString(random, Clone(objects, random)),
                < 78 => DeepNesting(random, Clone(objects, random)),
                < 84 => InvalidUtf8(random, bases[random.Next(bases.Length)]),
                < 90 => Nul(random, Clone(objects, random)),
                < 94 => FutureTime(random, payloads.Count, baseMs),
                _ => AncientTime(random, Clone(objects, random)),
            };
            // Only these are repeated: a clamped time is the receive time, so a repeat of a future-time
            // event is a different event (a broker that far off is misconfigured, and says so in Diagnostics).
            if (payload.Kind.StartsWith("well-formed", StringComparison.Ordinal))
            {
                wellFormed.Add(payload);
            }

            payloads.Add(payload);
        }

        return payloads;
    }

    private static JsonObject Clone(JsonObject[] objects, Random random) => objects[random.Next(objects.Length)].DeepClone().AsObject();

    /// <summary>A valid connect or disconnect for a client ID of its own; with <paramref name="odd"/>, the ID holds RTL and zero-width characters.</summary>
    private static FuzzPayload WellFormed(Random random, int index, long baseMs, bool odd)
    {
        string clientId = WellFormedPrefix + index.ToString(CultureInfo.InvariantCulture);
        if (odd)
        {
            clientId += OddCharacters[random.Next(OddCharacters.Length)] + "x" + OddCharacters[random.Next(OddCharacters.Length)];
        }

        long at = baseMs + random.Next(3_000_000);
        var json = random.Next(2) == 0
            ? new JsonObject
            {
                ["event"] = "client.connected",
                ["clientid"] = clientId,
                ["username"] = odd ? "\u202Eresu" : "fuzz-user",
                ["peername"] = $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}:{random.Next(1024, 65536)}",
                ["node"] = "emqx@172.18.0.2",
                ["connected_at"] = at,
                ["timestamp"] = at + 2,
                ["keepalive"] = 60,
                ["clean_start"] = true,
                ["proto_ver"] = 5,
                ["proto_name"] = "MQTT",
                ["expiry_interval"] = 3600,
            }
            : new JsonObject
            {
                ["event"] = "client.disconnected",
                ["clientid"] = clientId,
                ["username"] = "fuzz-user",
                ["reason"] = odd ? "normal\u200B" : "keepalive_timeout",
                ["peername"] = $"[2001:db8::{random.Next(1, 65535):x}]:{random.Next(1024, 65536)}",
                ["node"] = "emqx@172.18.0.2",
                ["connected_at"] = at - random.Next(1, 100_000),
                ["disconnected_at"] = at,
                ["timestamp"] = at + 1,
            };
        return new FuzzPayload(odd ? "well-formed-odd-chars" : "well-formed", Encoding.UTF8.GetBytes(json.ToJsonString()), clientId, MustFail: false);
    }

    private static FuzzPayload FlipBytes(Random random, byte[] source)
    {
        var bytes = (byte[])source.Clone();
        int flips = random.Next(1, 9);
        for (int i = 0; i < flips; i++)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return new FuzzPayload("byte-flip", bytes, null, MustFail: false);
    }

    private static FuzzPayload Truncate(Random random, byte[] source) =>
        new("truncation", source[..random.Next(source.Length - 1)], null, MustFail: true);

    private static FuzzPayload WrongType(Random random, JsonObject json)
    {
        JsonNode?[] wrong = [JsonValue.Create(42), JsonValue.Create("text"), new JsonArray(1, 2), new JsonObject { ["a"] = 1 }, JsonValue.Create(true)];
        string field = random.Next(2) == 0 ? StringFields[random.Next(StringFields.Length)] : NumberFields[random.Next(NumberFields.Length)];
        json[field] = wrong[random.Next(wrong.Length)];
        if (random.Next(10) == 0)
        {
            // The whole payload of the wrong type. Never an array: the webhook reads one as a batch.
            string[] topLevel = ["42", "\"client.connected\"", "null", "true"];
            return new FuzzPayload("wrong-type-top-level", Encoding.UTF8.GetBytes(topLevel[random.Next(topLevel.Length)]), null, MustFail: true);
        }

        return new FuzzPayload("wrong-type", Encoding.UTF8.GetBytes(json.ToJsonString()), null, MustFail: false);
    }

    private static FuzzPayload HugeNumber(Random random, JsonObject json)
    {
        string field = NumberFields[random.Next(NumberFields.Length)];
        json[field] = 0;
        string text = json.ToJsonString().Replace($"\"{field}\":0", $"\"{field}\":{HugeNumbers[random.Next(HugeNumbers.Length)]}", StringComparison.Ordinal);
        return new FuzzPayload("huge-number", Encoding.UTF8.GetBytes(text), null, MustFail: false);
    }

    private static FuzzPayload DeepNesting(Random random, JsonObject json)
    {
        int depth = random.Next(65, 5000);
        json["metadata"] = "NESTED";
        string nested = new string('[', depth) + new string(']', depth);
        string text = json.ToJsonString().Replace("\"NESTED\"", nested, StringComparison.Ordinal);
        return new FuzzPayload("deep-nesting", Encoding.UTF8.GetBytes(text), null, MustFail: true);
    }

    private static FuzzPayload MegaString(Random random, JsonObject json)
    {
        json[StringFields[random.Next(StringFields.Length)]] = new string((char)('a' + random.Next(26)), 1_000_000);
        return new FuzzPayload("1mb-string", Encoding.UTF8.GetBytes(json.ToJsonString()), null, MustFail: true);
    }

    private static FuzzPayload InvalidUtf8(Random random, byte[] source)
    {
        // Into the client ID's value when it has one, else anywhere.
        var bytes = new List<byte>(source);
        int at = IndexAfter(source, "\"clientid\"") is var found and > 0 ? found + random.Next(2, 5) : random.Next(source.Length);
        byte[][] invalid = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80]];
        bytes.InsertRange(Math.Min(at, bytes.Count), invalid[random.Next(invalid.Length)]);
        return new FuzzPayload("invalid-utf8", bytes.ToArray(), null, MustFail: false);
    }

    private static FuzzPayload Nul(Random random, JsonObject json)
    {
        string[] fields = ["clientid", "username", "reason", "node", "peername", "metadata"];
        string field = fields[random.Next(fields.Length)];
        json[field] = "before\0after";
        return new FuzzPayload("u0000", Encoding.UTF8.GetBytes(json.ToJsonString()), null, MustFail: true);
    }

    /// <summary>A valid event stamped far ahead: accepted, its time clamped, stored once.</summary>
    private static FuzzPayload FutureTime(Random random, int index, long baseMs)
    {
        long[] futures = [253402300799000, 4102444800000, baseMs + (3 * 3_600_000)];
        string clientId = WellFormedPrefix + "future-" + index.ToString(CultureInfo.InvariantCulture);
        var json = new JsonObject
        {
            ["event"] = "client.connected",
            ["clientid"] = clientId,
            ["peername"] = "10.1.2.3:4000",
            ["connected_at"] = futures[random.Next(futures.Length)],
        };
        return new FuzzPayload("future-time", Encoding.UTF8.GetBytes(json.ToJsonString()), clientId, MustFail: false);
    }

    private static FuzzPayload AncientTime(Random random, JsonObject json)
    {
        string[] ancient = ["0", "1", "-62135596800000", "946684799999", "\"1970-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00Z\""];
        json.Remove("connected_at");
        json.Remove("disconnected_at");
        json.Remove("timestamp");
        json.Remove("ts");
        json["connected_at"] = 0;
        string text = json.ToJsonString().Replace("\"connected_at\":0", $"\"connected_at\":{ancient[random.Next(ancient.Length)]}", StringComparison.Ordinal);
        return new FuzzPayload("ancient-time", Encoding.UTF8.GetBytes(text), null, MustFail: true);
    }

    private static int IndexAfter(byte[] haystack, string needle)
    {
        int i = haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle));
        return i < 0 ? -1 : i + needle.Length;
    }
}
