using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.History;

/// <summary>What the history stores must list for events built with <see cref="TestEvents"/>.</summary>
internal static class HistoryExpectations
{
    /// <summary>
    /// What the store must list for <paramref name="e"/>, given the id it assigned: the columns it keeps
    /// (not the protocol name, nor how the time was found), and lists leave the raw JSON out.
    /// </summary>
    public static StoredEvent Stored(ConnectionEvent e, long id) => new(id, new ConnectionEvent
    {
        ClientId = e.ClientId,
        Kind = e.Kind,
        EventTime = e.EventTime,
        ReceivedAt = e.ReceivedAt,
        Source = e.Source,
        Username = e.Username,
        PeerIp = e.PeerIp,
        PeerPort = e.PeerPort,
        Node = e.Node,
        Reason = e.Reason,
        Keepalive = e.Keepalive,
        CleanStart = e.CleanStart,
        ExpiryIntervalSeconds = e.ExpiryIntervalSeconds,
        ProtoVer = e.ProtoVer,
        ConnectedAt = e.ConnectedAt,
        TimeClamped = e.TimeClamped,
    });

    /// <summary>"client@ms" for each event, to compare sequences readably.</summary>
    public static string[] Keys(IEnumerable<StoredEvent> events) =>
        events.Select(e => $"{e.ClientId}@{(e.EventTime - TestEvents.T0).TotalMilliseconds}").ToArray();
}
