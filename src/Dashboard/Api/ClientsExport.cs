using Dashboard.Core.Groups;
using Dashboard.Core.Live;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using static Dashboard.Api.StreamedExport;

namespace Dashboard.Api;

/// <summary>
/// <c>GET /api/clients/export?format=csv|json</c>: the live client list with the same filters and
/// order as <c>/api/clients</c>, every matching client rather than a page, streamed. At most
/// <c>limit</c> rows (default and cap <see cref="MaxRows"/>); <c>X-Total-Count</c> says how many
/// matched, so a cut export can be told from a whole one.
/// </summary>
internal static class ClientsExport
{
    public const int MaxRows = 1_000_000;

    private static readonly string[] Columns =
        ["clientId", "online", "username", "peerIp", "peerPort", "node", "connectedAt", "disconnectedAt", "lastReason", "protoVer", "keepalive", "cleanStart"];

    public static IResult Export(LiveState state, TimeProvider time, IOptions<JsonOptions> json, HttpContext context, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        var clientQuery = ClientListQuery.Parse(query, now, context.RequestServices.GetRequiredService<IDeviceGroups>(), errors);
        var limit = QueryNumber.Read(query, "limit", MaxRows, 1, MaxRows, errors);
        var format = ReadFormat(query, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var export = state.ExportClients(clientQuery, limit);
        context.Response.Headers["X-Total-Count"] = Number(export.Total);
        var name = $"clients-{clientQuery.State.ToString().ToLowerInvariant()}-{now:yyyyMMddTHHmmss}";
        var rows = export.Rows.Select(ClientDto.From).ToAsyncEnumerable();
        return Stream(context, name, format, rows, Columns, Fields, json.Value.SerializerOptions, cancellationToken);
    }

    private static string[] Fields(ClientDto c) =>
    [
        Field(c.ClientId),
        Flag(c.Online),
        Field(c.Username),
        Field(c.PeerIp),
        Number(c.PeerPort),
        Field(c.Node),
        Time(c.ConnectedAt),
        Time(c.DisconnectedAt),
        Field(c.LastReason),
        Number(c.ProtoVer),
        Number(c.Keepalive),
        Flag(c.CleanStart),
    ];
}
