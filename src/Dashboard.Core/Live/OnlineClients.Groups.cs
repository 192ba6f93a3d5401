namespace Dashboard.Core.Live;

/// <summary>What the group rules read of one client, copied out so they can be judged outside the lock.</summary>
public readonly record struct ClientIdentity(string ClientId, string? Username, string? PeerIp, bool Online, long ConnectedAtMs = 0);

public sealed partial class OnlineClients
{
    /// <summary>Under the lock: each known client's identity, one pass, no matching (that happens after the lock is released).</summary>
    internal ClientIdentity[] CopyIdentities()
    {
        var copy = new ClientIdentity[_clients.Count];
        var i = 0;
        foreach (var record in _clients.Values)
        {
            copy[i++] = new ClientIdentity(record.ClientId, record.Username, record.PeerIp, record.Online, record.ConnectedAtMs);
        }

        return copy;
    }
}
