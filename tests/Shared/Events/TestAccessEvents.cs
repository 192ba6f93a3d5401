using Dashboard.Core.Events;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.Shared;

/// <summary>Access events (refused connects, failed authentications, authorization denials) at <see cref="TestEvents.T0"/> + ms.</summary>
internal static class TestAccessEvents
{
    public static AccessEvent Refused(string clientId, long atMs, string reasonCode = "bad_username_or_password", string? ip = "10.0.0.1", string? username = "user") => new()
    {
        ClientId = clientId,
        Kind = AccessEventKind.Connack,
        EventTime = At(atMs),
        ReceivedAt = At(atMs + 1),
        Source = EventSourceKind.Mqtt,
        Username = username,
        PeerIp = ip,
        PeerPort = ip is null ? null : 50000,
        Node = "emqx@10.0.0.100",
        ReasonCode = reasonCode,
        ProtoVer = 5,
        Keepalive = 60,
        CleanStart = true,
        ExpiryIntervalSeconds = 0,
        RawJson = $$"""{"event":"client.connack","clientid":"{{clientId}}","reason_code":"{{reasonCode}}"}""",
    };

    public static AccessEvent AuthnFailed(string clientId, long atMs, string reasonCode = "bad_username_or_password", string? ip = "10.0.0.1") => new()
    {
        ClientId = clientId,
        Kind = AccessEventKind.Authentication,
        EventTime = At(atMs),
        ReceivedAt = At(atMs + 1),
        Source = EventSourceKind.Webhook,
        Username = "user",
        PeerIp = ip,
        PeerPort = ip is null ? null : 50000,
        ReasonCode = reasonCode,
    };

    public static AccessEvent Denied(string clientId, long atMs, string topic, string action = "publish", string source = "file", string? ip = "10.0.0.1") => new()
    {
        ClientId = clientId,
        Kind = AccessEventKind.Authorization,
        EventTime = At(atMs),
        ReceivedAt = At(atMs + 1),
        Source = EventSourceKind.Mqtt,
        PeerIp = ip,
        Topic = topic,
        Action = action,
        Result = "deny",
        AuthzSource = source,
    };
}
