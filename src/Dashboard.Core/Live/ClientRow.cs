namespace Dashboard.Core.Live;

/// <summary>
/// One client as a query sees it: the record (for its snapshot later) and copies of the fields
/// read, so that searching and sorting need not visit the record. The sort key is
/// <see cref="Text"/> for a text column (and <see cref="Key"/> the port when it is the peer), or
/// <see cref="Key"/> alone for a time or a number.
/// </summary>
internal readonly record struct ClientRow(ClientRecord Record, string ClientId, string? Username, string? PeerIp, string? Text, long Key)
{
    /// <summary>The row of <paramref name="record"/> with the sort key that <paramref name="sortBy"/> reads.</summary>
    public static ClientRow Of(ClientRecord record, ClientSortField sortBy)
    {
        var (text, key) = sortBy switch
        {
            ClientSortField.ConnectedAt => (null, record.ConnectedAtMs),
            ClientSortField.DisconnectedAt => (null, record.DisconnectedAtMs),
            ClientSortField.Username => (record.Username, 0L),
            ClientSortField.Node => (record.Node, 0L),
            ClientSortField.LastReason => (record.LastReason, 0L),
            ClientSortField.Peer => (record.PeerIp, record.PeerPort),
            ClientSortField.ProtoVer => (null, record.ProtoVer),
            ClientSortField.Keepalive => (null, record.Keepalive),
            ClientSortField.CleanStart => (null, record.CleanStart),
            _ => ((string?)null, 0L),
        };
        return new ClientRow(record, record.ClientId, record.Username, record.PeerIp, text, key);
    }

    /// <summary>True when the field orders by <see cref="Key"/> alone, so a selection over the keys can find a page's rows.</summary>
    public static bool IsNumeric(ClientSortField field) => field is ClientSortField.ConnectedAt or ClientSortField.DisconnectedAt
        or ClientSortField.ProtoVer or ClientSortField.Keepalive or ClientSortField.CleanStart;

    /// <summary>
    /// True when the field orders by <see cref="Text"/> alone and its values repeat across a fleet, so that
    /// <see cref="TextRanks"/> may turn them into keys (<see cref="Key"/> is otherwise unused for it).
    /// </summary>
    public static bool IsRepeatedText(ClientSortField field) =>
        field is ClientSortField.Username or ClientSortField.Node or ClientSortField.LastReason;
}

/// <summary>
/// Orders rows by the chosen field, then by client ID so that pages are stable; or, when
/// <paramref name="reversed"/>, in exactly the opposite order, ties included.
/// </summary>
internal sealed class ClientRowComparer(ClientSortField field, bool descending, bool reversed) : IComparer<ClientRow>
{
    public int Compare(ClientRow x, ClientRow y)
    {
        var byField = field switch
        {
            ClientSortField.ClientId => string.CompareOrdinal(x.ClientId, y.ClientId),
            ClientSortField.Username or ClientSortField.Node or ClientSortField.LastReason => string.CompareOrdinal(x.Text, y.Text),
            ClientSortField.Peer => string.CompareOrdinal(x.Text, y.Text) is var ip and not 0 ? ip : x.Key.CompareTo(y.Key),
            _ => x.Key.CompareTo(y.Key),
        };
        if (descending)
        {
            byField = -byField;
        }

        var order = byField != 0 ? byField : string.CompareOrdinal(x.ClientId, y.ClientId);
        return reversed ? -order : order;
    }
}
