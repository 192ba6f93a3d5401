using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Dashboard.History;
using Dashboard.Live;

namespace Dashboard.Api;

/// <summary>
/// Disconnect reasons over time (<c>/api/reasons</c>) and the clients behind one reason
/// (<c>/api/reasons/{reason}/clients</c>). Ranges inside the live window (the last 25 hours,
/// whole-minute buckets) are served from memory, others from history; <c>group=</c> always from history,
/// on both (the clients of one group behind a reason).
/// </summary>
internal static class ReasonsApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 10_000;

    public static void MapReasonsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reasons", ReasonsAsync);
        app.MapGet("/api/reasons/{reason}/clients", ClientsAsync);
    }

    private static async Task<IResult> ReasonsAsync(HttpContext context, LiveState live, IHistoryStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        var range = TimeRangeQuery.Parse(query, now, TimeSpan.FromHours(1), errors);
        var bucket = BucketQuery.Parse(query, errors);
        var group = GroupQuery.Parse(query, context.RequestServices.GetRequiredService<IDeviceGroups>(), errors);
        if (range is null || errors.Count > 0 || BucketQuery.Cut(range, now, bucket, errors) is not { } buckets)
        {
            return Results.ValidationProblem(errors);
        }

        // Memory counts reasons for the whole fleet only: one group's come from history, whatever the range.
        var series = group is null
            ? await ReasonSeries.GetAsync(live, store, buckets, cancellationToken)
            : store.IsEnabled && store is IGroupHistory grouped
                ? new ReasonSeriesResult(buckets.From, buckets.To, buckets.Bucket, ReasonSeriesSource.History, buckets.Fill(await grouped.GetReasonBucketsAsync(buckets.From, buckets.To, buckets.Bucket, group, cancellationToken)))
                : null;
        return series is null ? HistoryOff() : Results.Ok(ReasonSeriesDto.Of(series));
    }

    private static async Task<IResult> ClientsAsync(HttpContext context, string reason, IHistoryStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!store.IsEnabled)
        {
            return HistoryOff();
        }

        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        var range = TimeRangeQuery.Parse(context.Request.Query, now, TimeSpan.FromHours(1), errors);
        var limit = QueryNumber.Read(context.Request.Query, "limit", DefaultLimit, 1, MaxLimit, errors);
        var group = GroupQuery.Parse(context.Request.Query, context.RequestServices.GetRequiredService<IDeviceGroups>(), errors);

        if (range is null || errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var (from, to) = range.At(now);
        var clients = await store.GetClientsByReasonAsync(reason, from, to, limit, group, cancellationToken);
        return Results.Ok(clients.Select(c => new ReasonClientDto(c.ClientId, c.Count, c.LastAt.UtcDateTime)).ToArray());
    }

    private static IResult HistoryOff() => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "History is off",
        detail: "This needs history (the range is older than the live window, or it lists clients). Set History:Provider to sqlite or postgres to keep events.");
}

/// <summary>The JSON of <c>/api/reasons</c>; reason keys stay verbatim (no naming policy on dictionary keys).</summary>
public sealed record ReasonSeriesDto(DateTime From, DateTime To, long BucketSeconds, string Source, IReadOnlyList<ReasonBucketDto> Buckets)
{
    public static ReasonSeriesDto Of(ReasonSeriesResult series) => new(
        series.From.UtcDateTime,
        series.To.UtcDateTime,
        (long)series.Bucket.TotalSeconds,
        series.Source == ReasonSeriesSource.Live ? "live" : "history",
        series.Buckets.Select(b => new ReasonBucketDto(b.Start.UtcDateTime, new Dictionary<string, long>(b.Counts, StringComparer.Ordinal), b.Connects, b.Online)).ToList());
}

public sealed record ReasonBucketDto(DateTime Start, Dictionary<string, long> Counts, long Connects, int? Online);

public sealed record ReasonClientDto(string ClientId, long Count, DateTime LastAt);
