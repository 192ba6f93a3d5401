namespace Dashboard.Simulator.Events;

/// <summary>One generated connect or disconnect, before it is written as JSON.</summary>
/// <param name="Client">Index of the client; its ID, address and MQTT settings derive from it.</param>
/// <param name="ConnectedAtMs">The session's connect time; for a disconnect, the session that ends.</param>
/// <param name="DisconnectedAtMs">Set for disconnects only.</param>
/// <param name="Reason">Index into <see cref="ReasonMix"/>, disconnects only.</param>
/// <param name="PeerPort">The session's source port: the same in its connect and its disconnect.</param>
internal readonly record struct SyntheticEvent(
    int Client,
    bool IsConnect,
    long ConnectedAtMs,
    long DisconnectedAtMs,
    long TimestampMs,
    int Reason,
    int PeerPort);
