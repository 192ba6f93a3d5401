using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Demo.Api;

/// <summary>
/// The demo EMQX API's rule-engine subset (<c>/rules</c>, <c>/connectors</c>, <c>/actions</c>), with
/// EMQX 5.8 shapes, so the one-click setup works against the demo. Mapped by the demo API host.
/// </summary>
internal static class DemoRuleEndpoints
{
    /// <summary>The largest body accepted; EMQX's own limit is far larger, a setup body far smaller.</summary>
    private const int MaxBodyBytes = 256 * 1024;

    /// <summary>Maps the endpoints under the host's <c>/api/v5</c> group. <paramref name="broker"/> is null when no embedded broker runs (a test's stand-alone fake).</summary>
    public static void Map(RouteGroupBuilder api, EmbeddedBroker? broker)
    {
        ArgumentNullException.ThrowIfNull(api);
        var node = broker?.NodeName ?? new DemoOptions().NodeName;
        DemoRuleStore? rules = null;
        DemoBridgeStore? connectors = null;
        DemoBridgeStore? actions = null;

        // Created on first use, with the host's clock when it registers one.
        DemoRuleStore Rules(HttpContext c) => LazyInitializer.EnsureInitialized(ref rules, () => new DemoRuleStore(broker, c.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System));
        DemoBridgeStore Connectors(HttpContext c) => LazyInitializer.EnsureInitialized(ref connectors, () => new DemoBridgeStore("connector", node, null, Rules(c)));
        DemoBridgeStore Actions(HttpContext c) => LazyInitializer.EnsureInitialized(ref actions, () => new DemoBridgeStore("bridge", node, Connectors(c), Rules(c)));

        api.MapGet("/rules", (HttpContext c) =>
        {
            var page = Number(c, "page", 1);
            var limit = Number(c, "limit", 100);
            return page is null || limit is null or > 10_000
                ? Reply(DemoReply.Error(400, "BAD_REQUEST", "page_limit_invalid"))
                : Reply(Rules(c).List(page.Value, limit.Value));
        });
        // A handler of HttpContext alone would be taken for a RequestDelegate, and its result dropped.
        api.MapPost("/rules", (Delegate)((HttpContext c) => WithBodyAsync(c, body => Rules(c).Create(body))));
        api.MapGet("/rules/{id}", (HttpContext c, string id) => Reply(Rules(c).Get(id)));
        api.MapPut("/rules/{id}", (HttpContext c, string id) => WithBodyAsync(c, body => Rules(c).Update(id, body)));
        api.MapDelete("/rules/{id}", (HttpContext c, string id) => Reply(Rules(c).Delete(id)));

        MapBridges(api, "/connectors", Connectors);
        MapBridges(api, "/actions", Actions);
    }

    private static void MapBridges(RouteGroupBuilder api, string path, Func<HttpContext, DemoBridgeStore> store)
    {
        api.MapGet(path, (HttpContext c) => Reply(store(c).List()));
        api.MapPost(path, (Delegate)((HttpContext c) => WithBodyAsync(c, body => store(c).Create(body))));
        api.MapGet(path + "/{id}", (HttpContext c, string id) => Reply(store(c).Get(id)));
        api.MapPut(path + "/{id}", (HttpContext c, string id) => WithBodyAsync(c, body => store(c).Update(id, body)));
        api.MapDelete(path + "/{id}", (HttpContext c, string id) => Reply(store(c).Delete(id)));
    }

    private static async Task<IResult> WithBodyAsync(HttpContext context, Func<JsonObject, DemoReply> handle)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Reply(DemoReply.Error(413, "BAD_REQUEST", "Request body too large"));
        }

        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return body is JsonObject o ? Reply(handle(o)) : Reply(DemoReply.Error(400, "BAD_REQUEST", "Request body must be a JSON object"));
        }
        catch (JsonException)
        {
            // EMQX's own words for a body it cannot decode.
            return Reply(DemoReply.Error(400, "BAD_REQUEST", "Invalid JSON"));
        }
    }

    private static int? Number(HttpContext context, string name, int fallback)
    {
        var text = context.Request.Query[name].ToString();
        return text.Length == 0 ? fallback
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 ? value : null;
    }

    private static IResult Reply(DemoReply reply) => reply.Body is null ? Results.StatusCode(reply.Status) : Results.Json(reply.Body, statusCode: reply.Status);
}
