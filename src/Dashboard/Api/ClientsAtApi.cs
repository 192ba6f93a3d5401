using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Live;

namespace Dashboard.Api;

/// <summary>
/// <c>GET /api/clients?at=&lt;time&gt;&amp;window=&lt;minutes&gt;</c>: the clients online at a past moment,
/// from history, and the disconnects within ± window of it with their reasons. It takes the live list's
/// search and filters (<see cref="ClientListQuery"/>), tested on the connect that began each session
/// open at the moment; <c>reason</c> filters the went-offline list (with <c>q</c>, <c>node</c> and
/// <c>username</c>, what a disconnect carries). Rows come by client ID (<c>sort=clientId</c>, ascending,
/// is the only order); paged by <c>page</c> and <c>pageSize</c>, or read on with <c>after</c> (the
/// response's <c>next</c>). No total: counting the online set at a moment reads every client's history,
/// so a page says whether more follow, and whether its scan stopped at the cap before it could tell.
/// </summary>
internal static class ClientsAtApi
{
    /// <summary>The query parameter that turns <c>/api/clients</c> into this.</summary>
    public const string AtParameter = "at";

    public const int DefaultWindowMinutes = 15;
    public const int MaxWindowMinutes = 24 * 60;

    /// <summary>
    /// How deep page numbers may go: each page skips the matches before it, within one capped scan, so no
    /// further than the scan reaches (<c>after</c> reads on without skipping).
    /// </summary>
    public const int MaxOffset = MomentClients.DefaultScanCap;

    /// <summary>The most disconnects listed around the moment.</summary>
    public const int MaxWentOffline = 200;

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

        var filter = ClientListQuery.Parse(query, time.GetUtcNow(), context.RequestServices.GetRequiredService<IDeviceGroups>(), errors);
        var window = QueryNumber.Read(query, "window", DefaultWindowMinutes, 0, MaxWindowMinutes, errors);
        var page = QueryNumber.Read(query, "page", 1, 1, int.MaxValue, errors);
        var pageSize = QueryNumber.Read(query, "pageSize", 50, 1, ClientQuery.MaxPageSize, errors);
        var after = query["after"].ToString();
        CheckMomentOnly(query, after, page, pageSize, errors);
        if (at is not { } moment || errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var moments = new MomentClients(store);
        var online = await moments.OnlineAtAsync(
            moment, filter, after.Length == 0 ? null : after, (page - 1) * pageSize, pageSize, MomentClients.DefaultScanCap, cancellationToken);
        var span = TimeSpan.FromMinutes(window);
        var offline = await moments.WentOfflineAsync(moment - span, moment + span, filter, MaxWentOffline, MomentClients.DefaultScanCap, cancellationToken);
        return Results.Ok(new ClientsAtPageDto(
            moment.UtcDateTime,
            window,
            online.HasMore,
            online.Items.Select(ClientsAtPageDto.OnlineClient).ToArray(),
            offline.HasMore,
            offline.Items.Select(EventDto.From).ToArray())
        {
            Next = online.Next,
            ScanCapped = online.ScanCapped,
            WentOfflineScanCapped = offline.ScanCapped,
        });
    }

    /// <summary>What the live list takes and a moment does not: another state, another order, deep page numbers.</summary>
    private static void CheckMomentOnly(IQueryCollection query, string after, int page, int pageSize, Dictionary<string, string[]> errors)
    {
        if (!errors.ContainsKey("page") && !errors.ContainsKey("pageSize") && (long)(page - 1) * pageSize > MaxOffset)
        {
            errors["page"] = [$"must be at most {(MaxOffset / pageSize) + 1} with pageSize {pageSize} when 'at' is given (read on with 'after'); got '{page}'"];
        }

        if (!errors.ContainsKey("state") && query["state"].ToString() is { Length: > 0 } state && !string.Equals(state, "online", StringComparison.OrdinalIgnoreCase))
        {
            errors["state"] = [$"must be online (or left out) when 'at' is given; got '{state}'"];
        }

        if (!errors.ContainsKey("sort") && query["sort"].ToString() is { Length: > 0 } sort && sort != "clientId")
        {
            errors["sort"] = [$"must be clientId (or left out) when 'at' is given: the clients online then come in client ID order; got '{sort}'"];
        }

        if (!errors.ContainsKey("order") && query["order"].ToString() is { Length: > 0 } order && !string.Equals(order, "asc", StringComparison.OrdinalIgnoreCase))
        {
            errors["order"] = [$"must be asc (or left out) when 'at' is given: the clients online then come in ascending client ID order; got '{order}'"];
        }

        if (after.Length > ClientListQuery.MaxText)
        {
            errors["after"] = [$"must be at most {ClientListQuery.MaxText} characters; got {after.Length}"];
        }
        else if (after.Length > 0 && page > 1)
        {
            errors["after"] = ["cannot be combined with 'page' above 1: 'after' is where the page starts"];
        }
    }
}

/// <summary>
/// One page of the clients online at <paramref name="At"/>, and the disconnects within ± <paramref name="WindowMinutes"/>
/// of it, oldest first. <see cref="Next"/> is the <c>after</c> that reads on (null at the end); <see cref="ScanCapped"/>
/// (and <see cref="WentOfflineScanCapped"/>) say the scan stopped at its cap, so the list may be short and more may follow.
/// </summary>
public sealed record ClientsAtPageDto(
    DateTime At,
    int WindowMinutes,
    bool HasMore,
    IReadOnlyList<ClientDto> Items,
    bool WentOfflineTruncated,
    IReadOnlyList<EventDto> WentOffline)
{
    public string? Next { get; init; }

    public bool ScanCapped { get; init; }

    public bool WentOfflineScanCapped { get; init; }

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
