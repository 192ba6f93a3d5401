using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using static Dashboard.Bench.LiveStateScale;

namespace Dashboard.Bench;

/// <summary>
/// The Clients list with field filters and non-time sorts at a large fleet (issue 17). The fleet's
/// fields vary as a real one's do: four nodes, a hundred usernames, keepalive 30/60/120 s, three
/// protocol versions, clean start on for four clients in five; one client in ten is offline, half
/// of those by keepalive_timeout. Each query is the median of five; the reference is the
/// unfiltered first page (newest first) measured in the same run, so the ratios survive a noisy machine.
/// </summary>
internal static class FilteredClients
{
    private const int BatchSize = 2000;

    public static void Run(int clients)
    {
        Console.WriteLine($"clients-filtered: {clients:N0} clients, 1 in 10 offline");
        using var state = new LiveState(new LiveStateOptions { MaxOfflineClients = clients }, new IngestDiagnostics(), TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var batch = new List<ConnectionEvent>(BatchSize);
        for (var i = 0; i < clients; i++)
        {
            var connected = LiveStateScale.Connect($"device-{i:D7}", i, now) with
            {
                Node = $"emqx@10.0.0.{i % 4}",
                Username = $"user-{i % 100}",
                Keepalive = (i % 4) switch { 0 => 30, 3 => 120, _ => 60 },
                ProtoVer = (i % 3) switch { 0 => 5, 1 => 4, _ => 3 },
                CleanStart = i % 5 != 0,
            };
            batch.Add(connected);
            if (i % 10 == 0)
            {
                batch.Add(connected with
                {
                    Kind = ConnectionEventKind.Disconnected,
                    EventTime = now.AddMilliseconds(-i / 2),
                    Reason = i % 20 == 0 ? "keepalive_timeout" : "normal",
                });
            }

            if (batch.Count >= BatchSize || i == clients - 1)
            {
                state.ApplyBatch(batch);
                batch.Clear();
            }
        }

        var summary = state.GetSummary();
        Console.WriteLine($"online {summary.Online:N0}, known {summary.Known:N0}");

        var reference = Time(state, "reference: unfiltered, first page, newest first", new ClientQuery(), null);
        Time(state, "unfiltered, sort by client ID", new ClientQuery(SortBy: ClientSortField.ClientId, Descending: false), reference);
        Time(state, "node (1 in 4), sort by keepalive", Filtered(new ClientFilters { Node = "emqx@10.0.0.1" }, ClientSortField.Keepalive), reference);
        Time(state, "node, sort by keepalive, last page", Filtered(new ClientFilters { Node = "emqx@10.0.0.1" }, ClientSortField.Keepalive) with { Page = 5000 }, reference);

        // The worst page: the middle, where neither end is near and half the matches are ordered.
        Time(state, "node, sort by keepalive, middle page", Filtered(new ClientFilters { Node = "emqx@10.0.0.1" }, ClientSortField.Keepalive) with { Page = 2500 }, reference);
        // Middle pages of other large results: a text column with no ties, a text column with four values, a time.
        Time(state, "unfiltered, sort by client ID, middle page", Middle(state, new ClientQuery(SortBy: ClientSortField.ClientId, Descending: false)), reference);
        Time(state, "all states, sort by node, middle page", Middle(state, new ClientQuery(ClientStateFilter.All, SortBy: ClientSortField.Node, Descending: false)), reference);
        Time(state, "unfiltered, newest first, middle page", Middle(state, new ClientQuery()), reference);
        Time(state, "all states, reason keepalive_timeout, sort by node", Filtered(new ClientFilters { LastReason = "keepalive_timeout" }, ClientSortField.Node) with { State = ClientStateFilter.All }, reference);
        Time(state, "MQTT 5, clean start, keepalive 60-120, sort by username", Filtered(new ClientFilters { ProtoVer = 5, CleanStart = true, KeepaliveMin = 60, KeepaliveMax = 120 }, ClientSortField.Username), reference);
        Time(state, "connected in a 10% window, sort by peer", Filtered(new ClientFilters { ConnectedAfter = now.AddMilliseconds(-clients * 0.6), ConnectedBefore = now.AddMilliseconds(-clients * 0.5) }, ClientSortField.Peer), reference);
        Time(state, "username and text search 'device-00', sort by protocol", Filtered(new ClientFilters { Username = "user-7" }, ClientSortField.ProtoVer) with { Search = "device-00" }, reference);
        Time(state, "no match (node unknown)", Filtered(new ClientFilters { Node = "emqx@nowhere" }, ClientSortField.LastReason), reference);
    }

    /// <summary>The query's middle page: as far from both ends as a page can be.</summary>
    private static ClientQuery Middle(LiveState state, ClientQuery query)
    {
        var pages = (state.QueryClients(query).Total + query.PageSize - 1) / query.PageSize;
        return query with { Page = Math.Max(1, (pages + 1) / 2) };
    }

    private static ClientQuery Filtered(ClientFilters filters, ClientSortField sortBy) =>
        new ClientQuery(SortBy: sortBy, Descending: false) { Filters = filters };
}
