using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>
/// History over REST: one client's events (<c>/api/clients/{clientId}/events</c>, routed from
/// <see cref="ClientsApi"/>) and streaming exports (<c>/api/events/export</c>, narrowed by <c>clientId</c> and <c>group</c>).
/// </summary>
internal static class HistoryApi
{
    private const int DefaultLimit = 1000;
    private const int MaxLimit = 10_000;

    public static void MapHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events/export", ExportAsync);
    }

    public static async Task<IResult> ClientEventsAsync(HttpContext context, IHistoryStore store, string clientId, CancellationToken cancellationToken)
    {
        if (!store.IsEnabled)
        {
            return HistoryOff();
        }

        var errors = new Dictionary<string, string[]>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var range = TimeRangeQuery.Parse(context.Request.Query, now, TimeSpan.FromDays(1), errors);
        var limit = QueryNumber.Read(context.Request.Query, "limit", DefaultLimit, 1, MaxLimit, errors);
        if (range is null || errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var (from, to) = range.At(now);
        var events = await store.GetClientEventsAsync(clientId, from, to, limit, cancellationToken);
        return Results.Ok(events.Select(EventDto.From).ToArray());
    }

    private static async Task<IResult> ExportAsync(HttpContext context, IHistoryStore store, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!store.IsEnabled)
        {
            return HistoryOff();
        }

        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var range = TimeRangeQuery.Parse(query, now, TimeSpan.FromDays(1), errors);
        var format = StreamedExport.ReadFormat(query, errors);
        var group = GroupQuery.Parse(query, context.RequestServices.GetRequiredService<IDeviceGroups>(), errors);
        if (range is null || errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var (from, to) = range.At(now);
        var clientId = query["clientId"].ToString() is { Length: > 0 } id ? id : null;
        var rows = group is not null && store is IGroupHistory grouped
            ? grouped.ExportAsync(from, to, clientId, group, cancellationToken)
            : store.ExportAsync(from, to, clientId, cancellationToken);
        var name = $"events-{(clientId is null ? "all" : Sanitize(clientId))}-{from:yyyyMMddTHHmmss}-{to:yyyyMMddTHHmmss}";
        return StreamedExport.Stream(context, name, format, rows.Select(EventDto.From), EventExport.Columns, EventExport.Fields, json.Value.SerializerOptions, cancellationToken);
    }

    internal static IResult HistoryOff() => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "History is off",
        detail: "Set History:Provider to sqlite or postgres to keep events.");


    /// <summary>A client ID made safe for a file name.</summary>
    private static string Sanitize(string clientId)
    {
        var safe = new string(clientId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return safe.Length > 64 ? safe[..64] : safe;
    }
}
