using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dashboard.Demo.Api;

/// <summary>An answer of the demo EMQX API: a status and EMQX's body (null for 204).</summary>
internal sealed record DemoReply(int Status, JsonNode? Body)
{
    public static DemoReply Error(int status, string code, string message) => new(status, new JsonObject { ["code"] = code, ["message"] = message });
}

/// <summary>
/// The demo's rules, kept in memory, answering like EMQX 5.8.9's <c>emqx_rule_engine_api</c>: IDs
/// are free strings, a POST of an existing ID is a 400, a PUT creates or replaces (EMQX writes the
/// config path either way), and answers carry <c>from</c> (read from the SQL), the actions with
/// the Republish defaults filled in, and RFC 3339 times. Changes tell the embedded broker which
/// topics to republish client events to, as EMQX's rule engine would.
/// </summary>
internal sealed partial class DemoRuleStore(EmbeddedBroker? broker, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _rules = new(StringComparer.Ordinal);

    public DemoReply List(int page, int limit)
    {
        lock (_lock)
        {
            var all = _rules.Values.OrderBy(r => (string?)r["created_at"], StringComparer.Ordinal).ToList();
            var data = new JsonArray(all.Skip((page - 1) * limit).Take(limit).Select(r => (JsonNode)r.DeepClone()).ToArray());
            return new DemoReply(200, new JsonObject
            {
                ["data"] = data,
                ["meta"] = new JsonObject { ["page"] = page, ["limit"] = limit, ["count"] = all.Count, ["hasnext"] = page * limit < all.Count },
            });
        }
    }

    public DemoReply Get(string id)
    {
        lock (_lock)
        {
            return _rules.TryGetValue(id, out var rule) ? new DemoReply(200, rule.DeepClone()) : NotFound();
        }
    }

    public DemoReply Create(JsonObject body)
    {
        var id = body["id"] is null ? Guid.NewGuid().ToString("N")[..8] : (body["id"] as JsonValue)?.TryGetValue<string>(out var text) == true ? text : null;
        if (id is null)
        {
            return DemoReply.Error(400, "BAD_REQUEST", "rule id must be a string");
        }

        if (id.Length == 0)
        {
            return DemoReply.Error(400, "BAD_REQUEST", "empty rule id is not allowed");
        }

        lock (_lock)
        {
            return _rules.ContainsKey(id) ? DemoReply.Error(400, "BAD_REQUEST", "rule id already exists") : Write(id, body, 201);
        }
    }

    public DemoReply Update(string id, JsonObject body)
    {
        lock (_lock)
        {
            return Write(id, body, 200);
        }
    }

    public DemoReply Delete(string id)
    {
        lock (_lock)
        {
            if (!_rules.Remove(id))
            {
                return NotFound();
            }

            TellBroker();
            return new DemoReply(204, null);
        }
    }

    /// <summary>The IDs of the rules whose actions name <paramref name="actionId"/> (<c>type:name</c>).</summary>
    public IReadOnlyList<string> RulesUsing(string actionId)
    {
        lock (_lock)
        {
            return _rules.Where(r => r.Value["actions"] is JsonArray actions && actions.Any(a => a is JsonValue v && v.TryGetValue<string>(out var s) && s == actionId))
                .Select(r => r.Key).Order(StringComparer.Ordinal).ToArray();
        }
    }

    private static DemoReply NotFound() => DemoReply.Error(404, "NOT_FOUND", "Rule Id Not Found");

    private DemoReply Write(string id, JsonObject body, int status)
    {
        if (body["sql"] is not JsonValue sqlValue || !sqlValue.TryGetValue<string>(out var sql) || FromClause().Match(sql) is not { Success: true } from)
        {
            return DemoReply.Error(400, "BAD_REQUEST", "Bad Arguments: {\"kind\":\"validation_error\",\"path\":\"rule_engine.rules." + id + ".sql\",\"reason\":\"invalid or missing SQL\"}");
        }

        var actions = new JsonArray();
        foreach (var action in body["actions"] as JsonArray ?? [])
        {
            if (FormatAction(action) is not { } formatted)
            {
                return DemoReply.Error(400, "BAD_REQUEST", "Bad Arguments: {\"kind\":\"validation_error\",\"path\":\"rule_engine.rules." + id + ".actions\",\"reason\":\"unknown action\"}");
            }

            actions.Add(formatted);
        }

        var now = DemoClientJson.Rfc3339(time.GetUtcNow());
        var createdAt = _rules.TryGetValue(id, out var old) ? (string?)old["created_at"] : now;
        var topics = from.Groups["topics"].Value.Split(',').Select(t => t.Trim().Trim('"', '\'')).Where(t => t.Length > 0);
        var rule = new JsonObject
        {
            ["id"] = id,
            ["name"] = (string?)body["name"] ?? "",
            ["from"] = new JsonArray(topics.Select(t => (JsonNode)t).ToArray()),
            ["actions"] = actions,
            ["sql"] = sql,
            ["enable"] = body["enable"] is JsonValue enable && enable.TryGetValue<bool>(out var on) ? on : true,
            ["created_at"] = createdAt,
            ["last_modified_at"] = now,
            ["description"] = (string?)body["description"] ?? "",
        };
        _rules[id] = rule;
        TellBroker();
        return new DemoReply(status, rule.DeepClone());
    }

    /// <summary>A Republish action with EMQX's defaults filled in, a <c>type:name</c> reference as it is, or null for anything else.</summary>
    private static JsonNode? FormatAction(JsonNode? action)
    {
        if (action is JsonValue reference && reference.TryGetValue<string>(out var id) && id.Contains(':', StringComparison.Ordinal))
        {
            return id;
        }

        if (action is not JsonObject { } o || (string?)o["function"] != "republish" || o["args"] is not JsonObject args || args["topic"] is null)
        {
            return null;
        }

        var filled = new JsonObject
        {
            ["topic"] = args["topic"]!.DeepClone(),
            ["qos"] = args["qos"]?.DeepClone() ?? "${qos}",
            ["retain"] = args["retain"]?.DeepClone() ?? "${retain}",
            ["payload"] = args["payload"]?.DeepClone() ?? "${payload}",
            ["mqtt_properties"] = args["mqtt_properties"]?.DeepClone() ?? new JsonObject(),
            ["user_properties"] = args["user_properties"]?.DeepClone() ?? "${user_properties}",
            ["direct_dispatch"] = args["direct_dispatch"]?.DeepClone() ?? false,
        };
        return new JsonObject { ["function"] = "republish", ["args"] = filled };
    }

    /// <summary>Which topics enabled rules republish each client event to (the whole row: <c>${.}</c>).</summary>
    private void TellBroker()
    {
        if (broker is null)
        {
            return;
        }

        var byEvent = DemoEvents.All.ToDictionary(e => e, _ => new List<string>());
        foreach (var rule in _rules.Values.Where(r => (bool?)r["enable"] == true))
        {
            var republish = rule["actions"]!.AsArray().OfType<JsonObject>().Select(a => a["args"]!)
                .Where(a => (string?)a["payload"] == "${.}").Select(a => (string?)a["topic"]).OfType<string>().ToArray();
            foreach (var selected in rule["from"]!.AsArray().Select(t => DemoEvents.SelectedBy((string?)t ?? "")).OfType<DemoEvent>())
            {
                byEvent[selected].AddRange(republish);
            }
        }

        broker.SetRuleRepublishTopics(byEvent.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Distinct(StringComparer.Ordinal).ToArray()));
    }

    [GeneratedRegex(@"^\s*SELECT\s+.+?\s+FROM\s+(?<topics>.+?)(\s+WHERE\s+.*)?\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FromClause();
}
