namespace Dashboard.Core.Live;

/// <summary>What the group rules read of one client, copied out so they can be judged outside the lock.</summary>
public readonly record struct ClientIdentity(string ClientId, string? Username, string? PeerIp, bool Online, long ConnectedAtMs = 0);

public sealed partial class OnlineClients
{
    /// <summary>
    /// Under the lock: each known client's identity into <paramref name="buffer"/>, one pass, no matching (that happens
    /// after the lock is released). Returns how many, or -1 when the buffer is too small (clients arrived since it was sized).
    /// </summary>
    internal int CopyIdentities(ClientIdentity[] buffer)
    {
        if (buffer.Length < _clients.Count)
        {
            return -1;
        }

        var i = 0;
        foreach (var record in _clients.Values)
        {
            buffer[i++] = new ClientIdentity(record.ClientId, record.Username, record.PeerIp, record.Online, record.ConnectedAtMs);
        }

        return i;
    }
}
