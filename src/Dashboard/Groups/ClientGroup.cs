using Dashboard.Core.Groups;
using Dashboard.Core.Live;

namespace Dashboard.Groups;

/// <summary>
/// The group of a client named by its ID alone (a finding, an incident): judged by its live username and
/// peer IP; a client live state no longer knows, by its ID alone. One rule for the per-group figures and
/// the Conflicts filter, so a group's "active findings" count is what its filtered list shows.
/// </summary>
internal static class ClientGroup
{
    public static string? Of(LiveState live, GroupMatcher matcher, string clientId) => live.GetIdentity(clientId) is { } c
        ? matcher.GroupOf(c.ClientId, c.Username, c.PeerIp)
        : matcher.GroupOf(clientId, null, null);

    /// <summary>A test of membership in <paramref name="group"/>, or null for no group filter.</summary>
    public static Func<string, bool>? Filter(LiveState live, GroupFilter? group) => group is null
        ? null
        : clientId => string.Equals(Of(live, group.Matcher, clientId), group.Name, StringComparison.OrdinalIgnoreCase);
}
