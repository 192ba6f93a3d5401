using System.Text.Json.Serialization;
using Dashboard.Auth;
using Dashboard.Core.Emqx;
using Dashboard.Emqx;
using Dashboard.Options;

namespace Dashboard.Api;

/// <summary>
/// <c>GET /api/emqx/status</c> (viewer): EMQX's REST side as the dashboard sees it, the snapshot of
/// <see cref="IEmqxStatus"/>. While Emqx:ApiUrl is empty it says so, and how to turn it on.
/// </summary>
internal static class EmqxStatusApi
{
    public static void MapEmqxStatusApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/emqx/status", (IEmqxStatus status) => Results.Ok(EmqxStatusDto.Of(status.Current)))
            .RequireAuthorization(DashboardPolicies.Viewer);
}

internal sealed record EmqxStatusDto(
    bool ApiOn,
    bool? Reachable,
    string? Error,
    DateTimeOffset? CheckedAt,
    string? Version,
    IReadOnlyList<EmqxNodeDto> Nodes,
    EmqxQueueDto? Queue,
    long DroppedUnrepaired,
    ReconcileReport? LastReconcile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HowToTurnOn)
{
    public static EmqxStatusDto Of(EmqxStatusSnapshot s) => new(
        s.ApiOn,
        s.Reachable,
        s.Error,
        s.CheckedAt,
        s.Version,
        [.. s.Nodes.Select(n => new EmqxNodeDto(n.Name, n.Version, n.Status))],
        s.OwnQueue is { } q ? new EmqxQueueDto(q.MqueueLen, q.MqueueMax, q.MqueueDropped, q.InflightCnt, q.InflightMax) : null,
        s.DroppedUnrepaired,
        s.LastReconcile,
        s.ApiOn ? null : EmqxOptions.HowToTurnOn);
}

internal sealed record EmqxNodeDto(string Name, string? Version, string? Status);

internal sealed record EmqxQueueDto(long MqueueLen, long MqueueMax, long MqueueDropped, long InflightCnt, long InflightMax);
