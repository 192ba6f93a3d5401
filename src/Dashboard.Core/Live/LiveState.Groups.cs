using System.Buffers;
using Dashboard.Core.Groups;

namespace Dashboard.Core.Live;

/// <summary>Online and known clients of one group, as of one pass over live state.</summary>
public readonly record struct GroupCount(int Online, int Known);

public sealed partial class LiveState
{
    /// <summary>
    /// Online and known clients per group name (clients in no group are left out), in one pass. The lock is held
    /// only to copy the identities (a reference copy per client); the globs and networks are judged after it is
    /// released, so ingestion never waits for the matching.
    /// </summary>
    public IReadOnlyDictionary<string, GroupCount> CountByGroup(GroupMatcher matcher)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        var counts = new Dictionary<string, GroupCount>(StringComparer.OrdinalIgnoreCase);
        if (matcher.Groups.Count == 0)
        {
            return counts;
        }

        return WithIdentities(clients =>
        {
            foreach (var client in clients)
            {
                if (matcher.GroupOf(client.ClientId, client.Username, client.PeerIp) is { } group)
                {
                    var count = counts.GetValueOrDefault(group);
                    counts[group] = new GroupCount(count.Online + (client.Online ? 1 : 0), count.Known + 1);
                }
            }

            return counts;
        });
    }

    /// <summary>The sessions open now of the clients in <paramref name="group"/> (first match wins); matched outside the lock, as in <see cref="CountByGroup"/>.</summary>
    public IReadOnlyList<UptimeSession> OpenSessions(GroupMatcher matcher, string group)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        return WithIdentities(clients => clients
            .Where(c => c.Online && matcher.IsIn(group, c.ClientId, c.Username, c.PeerIp))
            .Select(c => new UptimeSession(c.ClientId, c.Username, c.PeerIp, DateTimeOffset.FromUnixTimeMilliseconds(c.ConnectedAtMs), null))
            .ToList());
    }

    /// <summary>
    /// Runs <paramref name="read"/> over every known client's identity. The buffer (tens of MB at a million clients)
    /// is rented from the pool before taking the lock, as for the client list, so neither an allocation nor a garbage
    /// collection it may start holds up the writer; it is cleared on return, so it keeps no client ID alive.
    /// </summary>
    private T WithIdentities<T>(Func<ArraySegment<ClientIdentity>, T> read)
    {
        while (true)
        {
            var buffer = ArrayPool<ClientIdentity>.Shared.Rent(Read(() => _clients.KnownCount) + 1024);
            try
            {
                var count = Read(() => _clients.CopyIdentities(buffer));
                if (count >= 0)
                {
                    return read(new ArraySegment<ClientIdentity>(buffer, 0, count));
                }
            }
            finally
            {
                ArrayPool<ClientIdentity>.Shared.Return(buffer, clearArray: true);
            }
        }
    }

    /// <summary>What the group rules read of one client now, or null when it is not known.</summary>
    public ClientIdentity? GetIdentity(string clientId) =>
        GetClient(clientId) is { } c ? new ClientIdentity(c.ClientId, c.Username, c.PeerIp, c.Online) : null;
}
