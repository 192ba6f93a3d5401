using Dashboard.Core.Events;

namespace Dashboard.Core.Live;

/// <summary>The projection's side of a reconcile against EMQX's listing of connected clients.</summary>
public sealed partial class OnlineClients
{
    /// <summary>
    /// Checks one listing page (as the connects it would make) against the online set. A client
    /// online here with the listed connection, or a newer one, is stamped confirmed at
    /// <paramref name="nowMs"/> and counted; every other one goes to <paramref name="corrections"/>,
    /// to be applied through the pipeline like any event (so events that arrived meanwhile win).
    /// </summary>
    public int ConfirmListed(IReadOnlyList<ConnectionEvent> listed, long nowMs, List<ConnectionEvent> corrections)
    {
        var confirmed = 0;
        foreach (var e in listed)
        {
            if (_clients.TryGetValue(e.ClientId, out var record) && record.Online
                && (e.ConnectedAt is not { } listedAt || record.ConnectedAtMs >= listedAt.ToUnixTimeMilliseconds()))
            {
                // The same connection, or one that began after the broker's answer: the broker lists the
                // client ID as connected either way, so this session must not be swept.
                record.ConfirmedAtMs = nowMs;
                confirmed++;
            }
            else
            {
                corrections.Add(e);
            }
        }

        return confirmed;
    }

    /// <summary>
    /// The online sessions a listing that started at <paramref name="listedSinceMs"/> did not confirm,
    /// among those that began before <paramref name="startedBeforeMs"/> (a session younger than that may
    /// have connected after its page was read).
    /// </summary>
    public void CollectUnconfirmed(long listedSinceMs, long startedBeforeMs, List<UnconfirmedSession> into)
    {
        foreach (var record in _clients.Values)
        {
            if (record.Online && record.ConfirmedAtMs < listedSinceMs && record.ConnectedAtMs < startedBeforeMs)
            {
                into.Add(new UnconfirmedSession(
                    record.ClientId,
                    record.ConnectedAtMs,
                    record.ConnectedAtExact && !record.StartClamped,
                    record.PeerIp,
                    record.PeerPort == 0 ? null : record.PeerPort,
                    record.Username,
                    record.Node));
            }
        }
    }
}

/// <summary>An online session that EMQX's listing did not show: what its <c>(reconciled)</c> disconnect needs.</summary>
/// <param name="StartMs">Its start, Unix ms.</param>
/// <param name="StartExact">The start is the broker's own <c>connected_at</c>, so the disconnect can name the session exactly.</param>
public readonly record struct UnconfirmedSession(
    string ClientId,
    long StartMs,
    bool StartExact,
    string? PeerIp,
    int? PeerPort,
    string? Username,
    string? Node);
