using Dashboard.Core.Live;

namespace Dashboard.Core.Tests.Live;

/// <summary>The documented order, written out independently of the query's comparer: missing first, ordinal text, ties by client ID.</summary>
internal sealed class SnapshotOrder(ClientSortField field, bool descending) : IComparer<ClientSnapshot>
{
    /// <summary>Every client, sorted here with <see cref="SnapshotOrder"/>.</summary>
    public static string[] Ordered(OnlineClients clients, ClientSortField field, bool descending) =>
        clients.Query(new ClientQuery(ClientStateFilter.All, PageSize: ClientQuery.MaxPageSize)).Items
            .Order(new SnapshotOrder(field, descending)).Select(c => c.ClientId).ToArray();

    /// <summary>The clients named, each read on its own (no list query involved), sorted here.</summary>
    public static string[] Ordered(OnlineClients clients, IEnumerable<string> clientIds, ClientSortField field, bool descending) =>
        clientIds.Select(id => clients.Get(id)!).Order(new SnapshotOrder(field, descending)).Select(c => c.ClientId).ToArray();

    public int Compare(ClientSnapshot? x, ClientSnapshot? y)
    {
        var byField = field switch
        {
            ClientSortField.ClientId => 0,
            ClientSortField.DisconnectedAt => Nullable.Compare(x!.DisconnectedAt, y!.DisconnectedAt),
            ClientSortField.Keepalive => (x!.Keepalive ?? -1).CompareTo(y!.Keepalive ?? -1),
            ClientSortField.ProtoVer => (x!.ProtoVer ?? 0).CompareTo(y!.ProtoVer ?? 0),
            ClientSortField.CleanStart => Tri(x!.CleanStart).CompareTo(Tri(y!.CleanStart)),
            ClientSortField.ConnectedAt => Nullable.Compare(x!.ConnectedAt, y!.ConnectedAt),
            ClientSortField.Node => string.CompareOrdinal(x!.Node, y!.Node),
            ClientSortField.Username => string.CompareOrdinal(x!.Username, y!.Username),
            ClientSortField.LastReason => string.CompareOrdinal(x!.LastReason, y!.LastReason),
            ClientSortField.Peer => string.CompareOrdinal(x!.PeerIp, y!.PeerIp) is var ip and not 0 ? ip : (x.PeerPort ?? 0).CompareTo(y.PeerPort ?? 0),
            _ => throw new InvalidOperationException($"No order for {field}"),
        };
        if (byField == 0)
        {
            var byId = string.CompareOrdinal(x!.ClientId, y!.ClientId);
            return field == ClientSortField.ClientId && descending ? -byId : byId;
        }

        return descending ? -byField : byField;
    }

    private static int Tri(bool? value) => value is null ? -1 : value.Value ? 1 : 0;
}
