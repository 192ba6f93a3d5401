using Dashboard.Core.Groups;
using Dashboard.Core.History;

namespace Dashboard.Core.Live;

/// <summary>
/// Field filters of the client list, all of which must hold (null: no filter). Node and last
/// reason match exactly, ignoring case; a username matches exactly (usernames are case-sensitive
/// in MQTT). The keepalive range and the connect times are inclusive of their lower bound and, for
/// the keepalive, of the upper one; <see cref="ConnectedBefore"/> is exclusive. A client whose
/// value is unknown matches no filter on that field. The connect time is the current session's
/// start, or the last session's for an offline client. <see cref="Group"/> holds for a client whose
/// client ID, username and peer IP fall in that group by the first-match rule of the matcher it carries.
/// </summary>
public sealed record ClientFilters
{
    public static readonly ClientFilters None = new();

    public string? Node { get; init; }

    public string? Username { get; init; }

    public string? LastReason { get; init; }

    /// <summary>3, 4 or 5 (MQTT 3.1, 3.1.1, 5.0).</summary>
    public int? ProtoVer { get; init; }

    public bool? CleanStart { get; init; }

    /// <summary>Seconds.</summary>
    public int? KeepaliveMin { get; init; }

    /// <summary>Seconds.</summary>
    public int? KeepaliveMax { get; init; }

    public DateTimeOffset? ConnectedAfter { get; init; }

    public DateTimeOffset? ConnectedBefore { get; init; }

    /// <summary>
    /// Only the clients of one device group, tested only when set. The live list tests it on its copied rows
    /// outside live state's lock (<see cref="ClientRows"/>); a past moment's rows, here with the field filters.
    /// </summary>
    public GroupFilter? Group { get; init; }

    /// <summary>The filters with their times as Unix milliseconds, read once per query rather than once per client.</summary>
    internal Matcher ToMatcher() => new(this);

    /// <summary>Tests a record's fields against the filters; cheap comparisons only, run while the live state's lock is held.</summary>
    internal readonly struct Matcher(ClientFilters filters)
    {
        private readonly ClientFilters _filters = filters;
        private readonly bool _any = filters != None;
        private readonly long _afterMs = filters.ConnectedAfter?.ToUnixTimeMilliseconds() ?? long.MinValue;
        private readonly long _beforeMs = filters.ConnectedBefore?.ToUnixTimeMilliseconds() ?? long.MaxValue;

        public bool Matches(ClientRecord record) => Matches(
            record.Node, record.Username, record.LastReason, record.ProtoVer, record.CleanStart, record.Keepalive, record.ConnectedAtMs);

        /// <summary>
        /// The connect that began a session (online at a past moment, from history), and its
        /// <paramref name="reason"/>: none for a session still open then, a disconnect's own for the went-offline list.
        /// </summary>
        public bool Matches(StoredEvent e, string? reason) => Matches(
            e.Node,
            e.Username,
            reason,
            e.ProtoVer ?? 0,
            e.CleanStart is { } clean ? (sbyte)(clean ? 1 : 0) : (sbyte)-1,
            e.Keepalive ?? -1,
            (e.ConnectedAt ?? e.EventTime).ToUnixTimeMilliseconds())
            && InGroup(e.ClientId, e.Username, e.PeerIp);

        /// <summary>The group test, apart from the cheap comparisons: it walks the groups' patterns, so it runs only when the filter is set.</summary>
        private bool InGroup(string clientId, string? username, string? peerIp) =>
            _filters.Group is not { } group || group.Matcher.IsIn(group.Name, clientId, username, peerIp);

        /// <summary>The one rule, on a record's encoding of unknowns (0 or -1).</summary>
        private bool Matches(string? node, string? username, string? lastReason, int protoVer, sbyte cleanStart, int keepalive, long connectedAtMs)
        {
            if (!_any)
            {
                return true;
            }

            var f = _filters;
            return (f.Node is null || string.Equals(node, f.Node, StringComparison.OrdinalIgnoreCase))
                && (f.Username is null || string.Equals(username, f.Username, StringComparison.Ordinal))
                && (f.LastReason is null || string.Equals(lastReason, f.LastReason, StringComparison.OrdinalIgnoreCase))
                && (f.ProtoVer is null || protoVer == f.ProtoVer)
                && (f.CleanStart is null || cleanStart == (f.CleanStart.Value ? 1 : 0))
                && (f.KeepaliveMin is null || (keepalive >= 0 && keepalive >= f.KeepaliveMin))
                && (f.KeepaliveMax is null || (keepalive >= 0 && keepalive <= f.KeepaliveMax))
                && ((f.ConnectedAfter is null && f.ConnectedBefore is null)
                    || (connectedAtMs != 0 && connectedAtMs >= _afterMs && connectedAtMs < _beforeMs));
        }
    }
}
