using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Api;

/// <summary><c>/api/clients</c>: pages of the live client list (filters: <see cref="ClientListQuery"/>), its export, and one client by ID.</summary>
internal static class ClientsApi
{
    internal const string Prefix = "/api/clients/";

    public static void MapClientsApi(this IEndpointRouteBuilder app)
    {
        // ?at= asks about a past moment, from history (ClientsAtApi); without it, the live list.
        app.MapGet("/api/clients", (HttpContext context, LiveState state, IHistoryStore history, TimeProvider time, CancellationToken cancellationToken) =>
            context.Request.Query.ContainsKey(ClientsAtApi.AtParameter)
                ? ClientsAtApi.ListAsync(context, history, time, cancellationToken)
                : Task.FromResult(ListClients(state, time, context)));
        app.MapGet("/api/clients/export", ClientsExport.Export);

        // A catch-all, so that client IDs containing '/' (sent as %2F) reach the handler whole;
        // it also serves /api/clients/{clientId}/events.
        app.MapGet(Prefix + "{**rest}", GetClientOrEventsAsync);
    }

    private static IResult ListClients(
        LiveState state,
        TimeProvider time,
        HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var clientQuery = ClientListQuery.Parse(query, time.GetUtcNow(), context.RequestServices.GetRequiredService<IDeviceGroups>(), errors);
        var page = QueryNumber.Read(query, "page", 1, 1, int.MaxValue, errors);
        var pageSize = QueryNumber.Read(query, "pageSize", 50, 1, ClientQuery.MaxPageSize, errors);
        if (!errors.ContainsKey("page") && !errors.ContainsKey("pageSize") && !errors.ContainsKey("state"))
        {
            CheckPageReach(page, pageSize, Count(state.GetSummary(), clientQuery.State), errors);
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var result = state.QueryClients(clientQuery with { Page = page, PageSize = pageSize });
        return Results.Ok(new ClientPageDto(result.Total, result.Items.Select(ClientDto.From).ToArray()));
    }

    private static async Task<IResult> GetClientOrEventsAsync(HttpContext context, LiveState state, IHistoryStore history, string rest, CancellationToken cancellationToken)
    {
        var (clientId, events) = ParseClientPath(context, rest);
        if (events)
        {
            return await HistoryApi.ClientEventsAsync(context, history, clientId, cancellationToken);
        }

        return state.GetClient(clientId) is { } client
            ? Results.Ok(ClientDto.From(client))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Client not found", detail: $"No event has been seen for client ID '{clientId}'.");
    }

    /// <summary>
    /// The client ID exactly as the caller encoded it, and whether the events of that client were
    /// asked for. The server decodes the path before routing but leaves %2F encoded, so the route
    /// value is ambiguous for IDs with '/' or '%'; decoding the raw target once is exact.
    /// </summary>
    private static (string ClientId, bool Events) ParseClientPath(HttpContext context, string routeValue)
    {
        const string eventsSuffix = "/events";
        var encoded = EncodedPathAfterPrefix(context, routeValue);
        var events = encoded.EndsWith(eventsSuffix, StringComparison.Ordinal) && encoded.Length > eventsSuffix.Length;
        if (events)
        {
            encoded = encoded[..^eventsSuffix.Length];
        }

        return (Uri.UnescapeDataString(encoded), events);
    }

    /// <summary>
    /// What follows <c>/api/clients/</c> in the request target, still escaped (see <see cref="ParseClientPath"/>):
    /// the caller splits off its suffix, then unescapes once. Also used by <see cref="KickApi"/>.
    /// </summary>
    internal static string EncodedPathAfterPrefix(HttpContext context, string routeValue)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var queryStart = raw?.IndexOf('?') ?? -1;
        var path = raw is null ? null : queryStart >= 0 ? raw[..queryStart] : raw;
        return path is not null && path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            ? path[Prefix.Length..]
            : Uri.EscapeDataString(routeValue).Replace("%2F", "/", StringComparison.Ordinal);
    }

    /// <summary>
    /// Pages past the end are refused rather than searched for: a page beyond every client plus one
    /// page is a mistake or a probe, and asking for it would order every client to find nothing.
    /// </summary>
    private static void CheckPageReach(int page, int pageSize, int clients, Dictionary<string, string[]> errors)
    {
        var lastPage = ((long)clients / pageSize) + 1;
        if (page > lastPage)
        {
            errors["page"] = [$"must be at most {lastPage} with pageSize {pageSize} ({clients} clients); got '{page}'"];
        }
    }

    private static int Count(LiveSummary summary, ClientStateFilter filter) => filter switch
    {
        ClientStateFilter.Online => summary.Online,
        ClientStateFilter.Offline => summary.Known - summary.Online,
        _ => summary.Known,
    };
}
