using System.Globalization;
using Dashboard.Core.Events;
using Dashboard.Core.Live;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Emqx;

/// <summary>
/// The events a reconcile writes (source <c>rest</c>): a connect for a client EMQX lists, and a
/// <c>(reconciled)</c> disconnect for a session it no longer lists. They go through the pipeline like
/// any event, so the session model decides what they change, and history keeps them for the drill-down.
/// </summary>
public static class RestCorrections
{
    /// <summary>
    /// A listed client as a connect. Its time is the broker's <c>connected_at</c>, clamped to
    /// <paramref name="receivedAt"/> as the parser clamps an event's when it is more than
    /// <paramref name="maxClockSkew"/> ahead; without one it is the listing's start, which loses to any
    /// disconnect that arrived during the listing.
    /// </summary>
    public static ConnectionEvent Connect(BrokerClient client, DateTimeOffset receivedAt, DateTimeOffset listingStart, TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(client);
        var connectedAt = client.ConnectedAt;
        var clamped = connectedAt is { } t && t - receivedAt > maxClockSkew;
        if (clamped)
        {
            connectedAt = receivedAt;
        }

        return new ConnectionEvent
        {
            ClientId = client.ClientId,
            Kind = ConnectionEventKind.Connected,
            EventTime = connectedAt ?? listingStart,
            EventTimeFromPayload = connectedAt is not null,
            ConnectedAt = connectedAt,
            TimeClamped = clamped,
            ReceivedAt = receivedAt,
            Source = EventSourceKind.Rest,
            Username = client.Username,
            PeerIp = client.PeerIp,
            PeerPort = client.PeerPort,
            Node = client.Node,
            Keepalive = client.Keepalive,
            CleanStart = client.CleanStart,
            ExpiryIntervalSeconds = client.ExpiryIntervalSeconds,
            ProtoVer = client.ProtoVer,
            ProtoName = client.ProtoName,
            RawJson = Note("listed_as_connected", listingStart),
        };
    }

    /// <summary>
    /// A session the listing did not show, as a <c>(reconciled)</c> disconnect at the listing's start.
    /// It carries the session's <c>connected_at</c> when that is the broker's own, so it names exactly
    /// that session and cannot end a newer one.
    /// </summary>
    public static ConnectionEvent Disconnect(in UnconfirmedSession session, DateTimeOffset listingStart, DateTimeOffset receivedAt) => new()
    {
        ClientId = session.ClientId,
        Kind = ConnectionEventKind.Disconnected,
        EventTime = listingStart,
        ConnectedAt = session.StartExact ? DateTimeOffset.FromUnixTimeMilliseconds(session.StartMs) : null,
        ReceivedAt = receivedAt,
        Source = EventSourceKind.Rest,
        Reason = ReasonNames.Reconciled,
        Username = session.Username,
        PeerIp = session.PeerIp,
        PeerPort = session.PeerPort,
        Node = session.Node,
        RawJson = Note("not_listed", listingStart),
    };

    /// <summary>What history shows as the raw payload: a note of the correction, nothing the broker wrote.</summary>
    private static string Note(string correction, DateTimeOffset listingStart) =>
        "{\"source\":\"emqx_rest_listing\",\"correction\":\"" + correction + "\",\"listing_started_at\":\""
        + listingStart.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + "\"}";
}
