using Dashboard.Core.History;
using Dashboard.Core.Live;

namespace Dashboard.Api;

/// <summary>
/// <c>GET /api/clients?at=&lt;time&gt;&amp;window=&lt;minutes&gt;</c>: the clients online at a past moment,
/// from history, and the disconnects within ± window of it with their reasons. Paged like the live
/// list (<c>page</c>, <c>pageSize</c>), but without a total: counting the online set at a moment reads
/// every client's history, so a page says whether more follow instead.
/// </summary>
internal static class ClientsAtApi
{
    /// <summary>The query parameter that turns <c>/api/clients</c> into this.</summary>
    public const string AtParameter = "at";

    public const int DefaultWindowMinutes = 15;
    public const int MaxWindowMinutes = 24 * 60;

    /// <summary>How deep paging may go: each page re-reads the clients before it.</summary>
    public const int MaxOffset = 100_000;

    /// <summary>The most disconnects listed around the moment.</summary>
    public const int MaxWentOffline = 200;

    // The live list's other filters need the session rows they filter on; state is implied (online).
    private static readonly string[] NotYetSupported = ["q", "sort", "order"];

    public static async Task<IResult> ListAsync(HttpContext context, IHistoryStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!store.IsEnabled)
        {
            return HistoryApi.HistoryOff();
        }

        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var at = TimeRangeQuery.ParseOne(query[AtParameter].ToString(), AtParameter, time.GetUtcNow(), errors);
        if (at is null && !errors.ContainsKey(AtParameter))
        {
            errors[AtParameter] = ["must be an ISO 8601 time (e.g. 2025-06-10T10:30:00Z) or Unix milliseconds; got ''"];
        }

        var window = QueryNumber.Read(query, "window", DefaultWindowMinutes, 0, MaxWindowMinutes, errors);
        var page = QueryNumber.Read(query, "page", 1, 1, int.MaxValue, errors);
        var pageSize = QueryNumber.Read(query, "pageSize", 50, 1, ClientQuery.MaxPageSize, errors);
        if (!errors.ContainsKey("page") && !errors.ContainsKey("pageSize") && (long)(page - 1) * pageSize > MaxOffset)
        {
            errors["page"] = [$"must be at most {(MaxOffset / pageSize) + 1} with pageSize {pageSize} when 'at' is given; got '{page}'"];
        }

        if (query["state"].ToString() is { Length: > 0 } state && !string.Equals(state, "online", StringComparison.OrdinalIgnoreCase))
        {
            errors["state"] = [$"must be online (or left out) when 'at' is given; got '{state}'"];
        }

        foreach (var name in NotYetSupported.Where(n => query.ContainsKey(n)))
        {
            errors[name] = ["is not supported together with 'at'"];
        }

        if (at is not { } moment || errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var online = await store.GetOnlineAtAsync(moment, (page - 1) * pageSize, pageSize + 1, cancellationToken);
        var span = TimeSpan.FromMinutes(window);
        var offline = await store.GetDisconnectsAsync(moment - span, moment + span, MaxWentOffline + 1, cancellationToken);
        return Results.Ok(new ClientsAtPageDto(
            moment.UtcDateTime,
            window,
            online.Count > pageSize,
            online.Take(pageSize).Select(ClientsAtPageDto.OnlineClient).ToArray(),
            offline.Count > MaxWentOffline,
            offline.Take(MaxWentOffline).Select(EventDto.From).ToArray()));
    }
}

/// <summary>One page of the clients online at <paramref name="At"/>, and the disconnects within ± <paramref name="WindowMinutes"/> of it, oldest first.</summary>
public sealed record ClientsAtPageDto(
    DateTime At,
    int WindowMinutes,
    bool HasMore,
    IReadOnlyList<ClientDto> Items,
    bool WentOfflineTruncated,
    IReadOnlyList<EventDto> WentOffline)
{
    /// <summary>A client online at the moment, from the connect that began its session then.</summary>
    public static ClientDto OnlineClient(StoredEvent connect) => new(
        connect.ClientId,
        connect.Username,
        true,
        connect.PeerIp,
        connect.PeerPort,
        connect.Node,
        (connect.ConnectedAt ?? connect.EventTime).UtcDateTime,
        null,
        null,
        connect.ProtoVer,
        connect.Keepalive,
        connect.CleanStart);
}
