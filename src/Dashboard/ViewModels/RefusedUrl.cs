using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Ranges;

namespace Dashboard.ViewModels;

/// <summary>What /refused shows: a range, the attempts' filter, and the offenders' tab.</summary>
public sealed record RefusedState(TimeRange Range, RefusedFilter Filter, OffenderKey Tab = OffenderKey.ClientId)
{
    public static readonly RangePreset DefaultPreset = RangePreset.Hour;

    public static readonly RefusedState Default = new(TimeRange.Last(DefaultPreset), RefusedFilter.None);
}

/// <summary>
/// The Refused page's state in its query string: the range (<see cref="RangeUrl"/>), the attempts'
/// filter by the API's names (<c>clientId</c>, <c>ip</c>, <c>reasonCode</c>; and <c>username</c>,
/// <c>kind</c> = <c>connack</c> or <c>authentication</c>; <c>group</c>, a group in force) and <c>tab</c>, the offenders shown
/// (<c>username</c>, <c>ip</c> or <c>network</c>; client IDs by default). Defaults are left out. A
/// value that does not read is left out of the view (a pasted link always opens one), and an address
/// that is not one says so.
/// </summary>
internal static class RefusedUrl
{
    public const string ClientIdName = "clientId";
    public const string IpName = "ip";
    public const string ReasonCodeName = "reasonCode";
    public const string UsernameName = "username";
    public const string KindName = "kind";
    public const string TabName = "tab";
    public const string GroupName = "group";

    private static readonly (OffenderKey Key, string Name)[] Tabs =
        [(OffenderKey.ClientId, "clientId"), (OffenderKey.Username, "username"), (OffenderKey.PeerIp, "ip"), (OffenderKey.Network, "network")];

    private static readonly (AccessEventKind Kind, string Name)[] Kinds = [(AccessEventKind.Connack, "connack"), (AccessEventKind.Authentication, "authentication")];

    /// <summary>The state the URL's values describe; <paramref name="problem"/> says why an address given was not taken.</summary>
    public static RefusedState Read(IReadOnlyDictionary<string, string?> values, DateTimeOffset now, out string? problem, GroupMatcher? groups = null)
    {
        string? Value(string name) => values.GetValueOrDefault(name);

        problem = null;
        PeerFilter? peer = null;
        if (UrlText.Read(Value(IpName), RefusedFilter.MaxLength) is { } ip && !PeerFilter.TryParse(ip, out peer))
        {
            problem = RefusedFilter.IpProblem;
        }

        var filter = new RefusedFilter
        {
            ReasonCode = UrlText.Read(Value(ReasonCodeName), RefusedFilter.MaxLength),
            ClientId = UrlText.Read(Value(ClientIdName), RefusedFilter.MaxLength),
            Peer = peer,
            Username = UrlText.Read(Value(UsernameName), RefusedFilter.MaxLength),
            Kind = Kinds.FirstOrDefault(k => Same(k.Name, Value(KindName))) is { Name: not null } kind ? kind.Kind : null,
            Group = ReasonsUrl.ReadGroup(Value(GroupName), groups),
        };
        var tab = Tabs.FirstOrDefault(t => Same(t.Name, Value(TabName)), Tabs[0]).Key;
        var range = RangeUrl.Read(Value(RangeUrl.RangeName), Value(RangeUrl.FromName), Value(RangeUrl.ToName), RangeChoice.Presets, RefusedState.DefaultPreset, now);
        return new RefusedState(range, filter, tab);
    }

    /// <summary>The query string's values for <paramref name="state"/>: null for each default, which removes it from the URL.</summary>
    public static Dictionary<string, object?> Parameters(RefusedState state)
    {
        var filter = state.Filter;
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [ClientIdName] = filter.ClientId,
            [IpName] = filter.Peer?.Value,
            [ReasonCodeName] = filter.ReasonCode,
            [UsernameName] = filter.Username,
            [KindName] = filter.Kind is { } kind ? KindText(kind) : null,
            [GroupName] = filter.Group?.Name,
            [TabName] = state.Tab == OffenderKey.ClientId ? null : Tabs.First(t => t.Key == state.Tab).Name,
        };
        RangeUrl.Write(parameters, state.Range, RefusedState.DefaultPreset);
        return parameters;
    }

    /// <summary>How the page names an attempt's kind, in its table and its URL.</summary>
    public static string KindText(AccessEventKind kind) => Kinds.FirstOrDefault(k => k.Kind == kind).Name ?? "authorization";

    private static bool Same(string name, string? value) => string.Equals(name, value?.Trim(), StringComparison.OrdinalIgnoreCase);
}
