using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dashboard.Demo.Api;

/// <summary>
/// The demo's HTTP connectors and actions, kept in memory, answering like EMQX 5.8.9's
/// <c>emqx_connector_api</c> and <c>emqx_bridge_v2_api</c>: IDs are <c>type:name</c>, a POST of an
/// existing one is 400 <c>ALREADY_EXISTS</c>, a PUT of a missing one is 404, and answers carry the
/// schema's defaults, a status, and the <c>authorization</c> header redacted as <c>******</c>.
/// Only the <c>http</c> type exists here. Nothing is sent anywhere: the demo's events come by MQTT.
/// </summary>
internal sealed partial class DemoBridgeStore(string kind, string node, DemoBridgeStore? connectors, DemoRuleStore rules)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _items = new(StringComparer.Ordinal);

    private bool IsConnectors => connectors is null;

    public DemoReply List()
    {
        lock (_lock)
        {
            return new DemoReply(200, new JsonArray(_items.Keys.Order(StringComparer.Ordinal).Select(id => (JsonNode)Format(id)).ToArray()));
        }
    }

    public DemoReply Get(string id)
    {
        lock (_lock)
        {
            return Parse(id) is { } error ? error : _items.ContainsKey(id) ? new DemoReply(200, Format(id)) : NotFound(id);
        }
    }

    public DemoReply Create(JsonObject body)
    {
        if ((string?)body["type"] is not { } type || (string?)body["name"] is not { } name)
        {
            return DemoReply.Error(400, "BAD_REQUEST", "Bad Arguments: type and name are required");
        }

        if (!NameFormat().IsMatch(name))
        {
            return DemoReply.Error(400, "BAD_REQUEST", "{\"kind\":\"validation_error\",\"reason\":\"Invalid name format. The name must begin with a letter or number (0-9, a-z, A-Z) and can only include underscores and hyphens as non-initial characters. Got: " + name + "\"}");
        }

        var id = type + ":" + name;
        lock (_lock)
        {
            return _items.ContainsKey(id)
                ? DemoReply.Error(400, "ALREADY_EXISTS", (IsConnectors ? "connector" : "bridge") + " already exists")
                : Write(id, type, name, body, 201);
        }
    }

    public DemoReply Update(string id, JsonObject body)
    {
        lock (_lock)
        {
            if (Parse(id) is { } error)
            {
                return error;
            }

            if (!_items.TryGetValue(id, out var old))
            {
                return NotFound(id);
            }

            return Write(id, (string)old["type"]!, (string)old["name"]!, body, 200);
        }
    }

    public DemoReply Delete(string id)
    {
        lock (_lock)
        {
            if (Parse(id) is { } error)
            {
                return error;
            }

            if (!_items.ContainsKey(id))
            {
                return NotFound(id);
            }

            if (!IsConnectors && rules.RulesUsing(id) is { Count: > 0 } users)
            {
                return new DemoReply(400, new JsonObject
                {
                    ["code"] = "BAD_REQUEST",
                    ["message"] = "Cannot delete action while active rules are depending on it",
                    ["rules"] = new JsonArray(users.Select(u => (JsonNode)u).ToArray()),
                });
            }

            _items.Remove(id);
            return new DemoReply(204, null);
        }
    }

    /// <summary>Whether a connector of this name and type exists (for an action that names it).</summary>
    public bool Exists(string type, string name)
    {
        lock (_lock)
        {
            return _items.ContainsKey(type + ":" + name);
        }
    }

    private DemoReply Write(string id, string type, string name, JsonObject body, int status)
    {
        if (type != "http")
        {
            return DemoReply.Error(400, "BAD_REQUEST", "{\"kind\":\"validation_error\",\"reason\":\"invalid_type\",\"value\":\"" + type + "\"}");
        }

        var config = (JsonObject)body.DeepClone();
        foreach (var key in new[] { "id", "type", "name", "status", "status_reason", "node_status", "node" })
        {
            config.Remove(key);
        }

        if (IsConnectors && (string?)config["url"] is not { Length: > 0 })
        {
            return DemoReply.Error(400, "BAD_REQUEST", "{\"kind\":\"validation_error\",\"path\":\"connectors.http." + name + ".url\",\"reason\":\"required_field\"}");
        }

        if (!IsConnectors && ((string?)config["connector"] is not { } connector || !connectors!.Exists(type, connector)))
        {
            return DemoReply.Error(400, "BAD_REQUEST", "{\"reason\":\"connector_not_found_or_wrong_type\",\"connector_name\":\"" + (string?)config["connector"] + "\",\"bridge_name\":\"" + name + "\",\"bridge_type\":\"http\"}");
        }

        // A masked secret sent back keeps the stored one, as EMQX's deobfuscate does on an update.
        if (_items.TryGetValue(id, out var old) && Headers(config) is { } headers && Headers(old) is { } oldHeaders
            && (string?)headers["authorization"] == Redacted)
        {
            headers["authorization"] = oldHeaders["authorization"]?.DeepClone();
        }

        config["type"] = type;
        config["name"] = name;
        _items[id] = config;
        return new DemoReply(status, Format(id));
    }

    /// <summary>The stored config with the defaults, status and node status, and the secret header redacted.</summary>
    private JsonObject Format(string id)
    {
        var o = (JsonObject)_items[id].DeepClone();
        o["enable"] ??= true;
        o["description"] ??= "";
        o["tags"] ??= new JsonArray();
        if (IsConnectors)
        {
            o["headers"] ??= new JsonObject { ["accept"] = "application/json", ["cache-control"] = "no-cache", ["connection"] = "keep-alive", ["content-type"] = "application/json", ["keep-alive"] = "timeout=5" };
            o["connect_timeout"] ??= "15s";
            o["pool_type"] ??= "random";
            o["pool_size"] ??= 8;
            o["enable_pipelining"] ??= 100;
            o["resource_opts"] ??= new JsonObject { ["health_check_interval"] = "15s", ["start_after_created"] = true, ["start_timeout"] = "5s" };
        }
        else
        {
            var parameters = o["parameters"] as JsonObject ?? [];
            o["parameters"] = parameters;
            parameters["method"] ??= "post";
            parameters["headers"] ??= new JsonObject { ["accept"] = "application/json", ["cache-control"] = "no-cache", ["connection"] = "keep-alive", ["content-type"] = "application/json", ["keep-alive"] = "timeout=5" };
            parameters["max_retries"] ??= 2;
            o["resource_opts"] ??= new JsonObject
            {
                ["health_check_interval"] = "15s", ["inflight_window"] = 100, ["max_buffer_bytes"] = "256MB",
                ["query_mode"] = "async", ["request_ttl"] = "45s", ["worker_pool_size"] = 16,
            };
            o["rules"] = new JsonArray(rules.RulesUsing(id).Select(r => (JsonNode)r).ToArray());
        }

        if (Headers(o) is { } headers)
        {
            foreach (var key in headers.Select(h => h.Key).Where(k => k.Equals("authorization", StringComparison.OrdinalIgnoreCase)).ToArray())
            {
                headers[key] = Redacted;
            }
        }

        var status = (bool?)o["enable"] == false ? "stopped" : "connected";
        o["status"] = status;
        o["node_status"] = new JsonArray(new JsonObject { ["node"] = node, ["status"] = status });
        return o;
    }

    private const string Redacted = "******";

    private JsonObject? Headers(JsonObject o) => (IsConnectors ? o["headers"] : o["parameters"]?["headers"]) as JsonObject;

    private DemoReply? Parse(string id) => id.Split(':') is [var type, var name] && type.Length > 0 && name.Length > 0
        ? null
        : DemoReply.Error(404, "NOT_FOUND", $"Invalid {(IsConnectors ? "connector" : "bridge")} ID, {kind} ID must be of format '{{type}}:{{name}}'");

    private DemoReply NotFound(string id)
    {
        var (type, name) = (id[..id.IndexOf(':', StringComparison.Ordinal)], id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        return IsConnectors
            ? DemoReply.Error(404, "NOT_FOUND", $"Connector lookup failed: connector named '{name}' of type {type} does not exist.")
            : DemoReply.Error(404, "NOT_FOUND", $"Bridge lookup failed: bridge named '{name}' of type {type} does not exist.");
    }

    [GeneratedRegex("^[0-9a-zA-Z][-0-9a-zA-Z_]{0,253}$")]
    private static partial Regex NameFormat();
}
