using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.History;

namespace Dashboard.Api;

/// <summary>
/// Refused connections from history: the list of access failures (<c>/api/refused</c>: refused
/// connects, failed authentications, authorization denials), and for the page a summary
/// (<c>/api/refused/summary</c>: refused connects per reason code over time, top offenders,
/// authorization denials grouped). Same range, limit and history-off answers as the history API; both take
/// <c>group=</c> (the group's clients only, an unknown group a 400 naming <c>group</c>).
/// </summary>
internal static class RefusedApi
{
    private const int DefaultLimit = 1000;
    private const int DefaultGroups = 20;

    /// <summary>The longest reasonCode, clientId or ip accepted: no stored value is longer (Ingest:MaxFieldLength's default).</summary>
    private const int MaxFilterLength = 1024;

    public static void MapRefusedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/refused", ListAsync);
        app.MapGet("/api/refused/summary", SummaryAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IHistoryStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!store.IsEnabled)
        {
            return HistoryApi.HistoryOff();
        }

        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        var range = TimeRangeQuery.Parse(query, now, TimeSpan.FromDays(1), errors);
        var limit = QueryNumber.Read(query, "limit", DefaultLimit, 1, AccessFailureLimits.MaxRows, errors);
        PeerFilter? peer = null;
        foreach (var name in (string[])["reasonCode", "clientId", "ip"])
        {
            if (query[name].ToString().Length > MaxFilterLength)
            {
                errors[name] = [$"must be at most {MaxFilterLength} characters"];
            }
        }

        if (!errors.ContainsKey("ip") && query["ip"].ToString() is { Length: > 0 } ip && !PeerFilter.TryParse(ip, out peer))
        {
            errors["ip"] = [$"must be an IP address, a /24 IPv4 network (192.0.2.0/24) or a /48 IPv6 network (2001:db8:1::/48); got '{ip}'"];
        }

        var group = GroupQuery.Parse(query, context.RequestServices.GetRequiredService<IDeviceGroups>(), errors);

        if (range is null || errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var (from, to) = range.At(now);
        var filter = new AccessFailureFilter(from, to, limit)
        {
            ReasonCode = Optional(query, "reasonCode"),
            ClientId = Optional(query, "clientId"),
            Peer = peer,
            Group = group,
        };
        var failures = await store.GetAccessFailuresAsync(filter, cancellationToken);
        return Results.Ok(failures.Select(RefusedDto.From).ToArray());
    }

    private static async Task<IResult> SummaryAsync(HttpContext context, IHistoryStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!store.IsEnabled)
        {
            return HistoryApi.HistoryOff();
        }

        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        var range = TimeRangeQuery.Parse(query, now, TimeSpan.FromHours(1), errors);
        var bucket = BucketQuery.Parse(query, errors);
        var limit = QueryNumber.Read(query, "limit", DefaultGroups, 1, AccessFailureLimits.MaxGroups, errors);
        var group = GroupQuery.Parse(query, context.RequestServices.GetRequiredService<IDeviceGroups>(), errors);
        if (range is null || errors.Count > 0 || BucketQuery.Cut(range, now, bucket, errors) is not { } buckets)
        {
            return Results.ValidationProblem(errors);
        }

        var (from, to) = (buckets.From, buckets.To);
        async Task<RefusedOffenderDto[]> Top(OffenderKey by) =>
            (await store.GetRefusedOffendersAsync(by, from, to, limit, group, cancellationToken)).Select(RefusedOffenderDto.From).ToArray();

        return Results.Ok(new RefusedSummaryDto(
            from.UtcDateTime,
            to.UtcDateTime,
            (long)buckets.Bucket.TotalSeconds,
            (await store.GetRefusedBucketsAsync(from, to, buckets.Bucket, group, cancellationToken))
                .Select(b => new RefusedBucketDto(b.Start.UtcDateTime, new Dictionary<string, long>(b.Counts, StringComparer.Ordinal)))
                .ToArray(),
            new RefusedOffendersDto(await Top(OffenderKey.ClientId), await Top(OffenderKey.Username), await Top(OffenderKey.PeerIp), await Top(OffenderKey.Network)),
            (await store.GetAuthorizationDenialsAsync(from, to, limit, group, cancellationToken))
                .Select(d => new AuthorizationDenialDto(d.ClientId, d.Topic, d.Action, d.AuthzSource, d.Count, d.FirstAt.UtcDateTime, d.LastAt.UtcDateTime))
                .ToArray()));
    }

    private static string? Optional(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } value ? value : null;
}
