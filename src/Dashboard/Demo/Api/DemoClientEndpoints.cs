using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Demo.Api;

/// <summary>
/// The demo API's client calls, with EMQX 5.8 shapes (FACTS §4.2–4.4): the paged <c>clients</c>, the
/// cursor <c>clients_v2</c>, one client, kick, and bulk kick. Every input is bounded: a value out of
/// range gets EMQX's 400, never a larger answer.
/// </summary>
internal static class DemoClientEndpoints
{
    /// <summary>The largest request body (a bulk kick of 10,000 long IDs fits).</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>EMQX's <c>limit</c> range.</summary>
    private const int MaxLimit = 10_000;

    private const int MaxCursorLength = 256;
    private const int MaxFieldsLength = 2048;

    /// <summary>MQTT's own bound on a client ID (a UTF-8 string of at most 65,535 bytes).</summary>
    private const int MaxClientIdLength = 65_535;

    /// <summary>At most this many <c>clientid=</c> filters or bulk-kick IDs in one call.</summary>
    private const int MaxIds = 10_000;

    private const string ClientPathPrefix = "/api/v5/clients/";

    public static void Map(RouteGroupBuilder api, DemoApiState state)
    {
        api.MapGet("/clients", (RequestDelegate)(context => ListPagedAsync(context, state)));
        api.MapGet("/clients_v2", (RequestDelegate)(context => ListCursorAsync(context, state)));
        api.MapGet("/clients/{clientid}", (RequestDelegate)(context => GetOneAsync(context, state)));
        api.MapDelete("/clients/{clientid}", (RequestDelegate)(context => KickOneAsync(context, state)));
        api.MapPost("/clients/kickout/bulk", (RequestDelegate)(context => KickManyAsync(context, state)));
    }

    private static async Task ListPagedAsync(HttpContext context, DemoApiState state)
    {
        state.Count("clients");
        if (!TryReadListQuery(context, out var query, out var error)
            || !TryInt(context, "page", 1, 1, int.MaxValue / MaxLimit, out var page, ref error))
        {
            await DemoApiErrors.InvalidParameter(context, error!);
            return;
        }

        var listing = query.ClientIds is { } ids
            ? Filtered(state, ids)
            : await state.Table.ListPageAsync(page, query.Limit, context.RequestAborted);
        await WriteListingAsync(context, state, listing, query, w =>
        {
            w.WriteNumber("page", page);
            w.WriteNumber("limit", query.Limit);
            w.WriteNumber("count", listing.Total);
            w.WriteBoolean("hasnext", listing.HasNext);
        });
    }

    private static async Task ListCursorAsync(HttpContext context, DemoApiState state)
    {
        state.Count("clients_v2");
        if (!state.CursorListing)
        {
            // EMQX before 5.7 has no such path.
            await DemoApiErrors.WriteAsync(context, StatusCodes.Status404NotFound, "NOT_FOUND", "Request Path Not Found");
            return;
        }

        var cursor = context.Request.Query["cursor"].ToString();
        if (!TryReadListQuery(context, out var query, out var error) || cursor.Length > MaxCursorLength)
        {
            await DemoApiErrors.InvalidParameter(context, error ?? "cursor is too long");
            return;
        }

        var listing = query.ClientIds is { } ids
            ? Filtered(state, ids)
            : await state.Table.ListAfterAsync(cursor.Length == 0 ? null : cursor, query.Limit, context.RequestAborted);
        if (listing is null)
        {
            await DemoApiErrors.BadRequest(context, "invalid_cursor");
            return;
        }

        await WriteListingAsync(context, state, listing, query, w =>
        {
            w.WriteNumber("count", listing.Clients.Count);
            if (listing.NextCursor is not null)
            {
                w.WriteString("cursor", listing.NextCursor);
            }
        });
    }

    private static async Task GetOneAsync(HttpContext context, DemoApiState state)
    {
        state.Count("client");
        if (ClientIdFromPath(context) is not { } clientId || state.Table.Find(clientId) is not { } client)
        {
            await DemoApiErrors.ClientNotFound(context);
            return;
        }

        var queue = await state.Table.GetQueueAsync(clientId);
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.BodyWriter);
        DemoClientJson.Write(w, client, queue, state.Settings.NodeName, DemoClientJson.ParseFields(context.Request.Query["fields"].ToString()));
        await w.FlushAsync(context.RequestAborted);
    }

    private static async Task KickOneAsync(HttpContext context, DemoApiState state)
    {
        state.Count("kick");
        if (ClientIdFromPath(context) is not { } clientId || !await state.Table.KickAsync(clientId, context.RequestAborted))
        {
            await DemoApiErrors.ClientNotFound(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task KickManyAsync(HttpContext context, DemoApiState state)
    {
        state.Count("kickout/bulk");
        List<string>? ids = null;
        try
        {
            var body = await JsonSerializer.DeserializeAsync<List<string?>>(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body is not null && body.Count <= MaxIds && body.All(id => id is { Length: > 0 and <= MaxClientIdLength }))
            {
                ids = body!;
            }
        }
        catch (JsonException)
        {
        }
        catch (BadHttpRequestException)
        {
            // Past MaxBodyBytes.
        }

        if (ids is null)
        {
            await DemoApiErrors.BadRequest(context, $"The body must be a JSON array of at most {MaxIds} client IDs.");
            return;
        }

        foreach (var id in ids)
        {
            await state.Table.KickAsync(id, context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// The client ID from the raw request target, decoded once: routing leaves <c>%2F</c> encoded and
    /// decodes <c>%25</c>, so its route value cannot tell <c>a/b</c> from <c>a%2Fb</c>.
    /// </summary>
    private static string? ClientIdFromPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? raw : raw[..query];
        if (!path.StartsWith(ClientPathPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var id = Uri.UnescapeDataString(path[ClientPathPrefix.Length..]);
        return id.Length is > 0 and <= MaxClientIdLength ? id : null;
    }

    private static DemoClientListing Filtered(DemoApiState state, IReadOnlyList<string> ids)
    {
        var rows = ids.Distinct(StringComparer.Ordinal).Select(state.Table.Find).OfType<DemoClient>().ToList();
        return new DemoClientListing(rows, null, rows.Count, false);
    }

    private static async Task WriteListingAsync(HttpContext context, DemoApiState state, DemoClientListing listing, ListQuery query, Action<Utf8JsonWriter> meta)
    {
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.BodyWriter);
        w.WriteStartObject();
        w.WriteStartArray("data");
        foreach (var client in listing.Clients.Where(query.Matches))
        {
            DemoClientJson.Write(w, client, SyntheticClientTable.DefaultQueue, state.Settings.NodeName, query.Fields);
        }

        w.WriteEndArray();
        w.WriteStartObject("meta");
        meta(w);
        w.WriteEndObject();
        w.WriteEndObject();
        await w.FlushAsync(context.RequestAborted);
    }

    private static bool TryReadListQuery(HttpContext context, out ListQuery query, out string? error)
    {
        query = default;
        error = null;
        var request = context.Request.Query;
        if (!TryInt(context, "limit", 100, 1, MaxLimit, out var limit, ref error))
        {
            return false;
        }

        var state = request["conn_state"].ToString();
        if (state.Length > 0 && state is not ("connected" or "idle" or "disconnected"))
        {
            error = "conn_state must be connected, idle or disconnected";
            return false;
        }

        var fields = request["fields"].ToString();
        var ids = request["clientid"];
        if (fields.Length > MaxFieldsLength || ids.Count > MaxIds || ids.Any(id => id is null || id.Length > MaxClientIdLength))
        {
            error = "fields or clientid is too long";
            return false;
        }

        query = new ListQuery(limit, state.Length == 0 ? null : state, DemoClientJson.ParseFields(fields), ids.Count == 0 ? null : ids.Select(id => id!).ToArray());
        return true;
    }

    private static bool TryInt(HttpContext context, string name, int fallback, int min, int max, out int value, ref string? error)
    {
        var text = context.Request.Query[name].ToString();
        value = fallback;
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        error = string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}");
        return false;
    }

    private readonly record struct ListQuery(int Limit, string? ConnState, HashSet<string>? Fields, string[]? ClientIds)
    {
        public bool Matches(DemoClient client) => ConnState switch
        {
            null => true,
            "connected" => client.Connected,
            "disconnected" => !client.Connected,
            _ => false,
        };
    }
}
