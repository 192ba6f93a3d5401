using System.Globalization;
using Dashboard.Core.Groups;
using Dashboard.Core.Live;

namespace Dashboard.Api;

/// <summary>
/// The client list's query parameters, read in one place for <c>/api/clients</c> and its export
/// (the Clients page writes the same names into its URL, so a page's query is also the API's):
/// <c>state</c>, <c>q</c>, <c>node</c>, <c>username</c>, <c>reason</c>, <c>proto</c>,
/// <c>cleanStart</c>, <c>keepaliveMin</c>, <c>keepaliveMax</c>, <c>connectedAfter</c>,
/// <c>connectedBefore</c>, <c>group</c> (a device group in force, <see cref="GroupQuery"/>), <c>sort</c> and <c>order</c>. Times are ISO 8601 or Unix milliseconds. Each wrong value adds an error naming its
/// parameter. Paging (<c>page</c>, <c>pageSize</c>, an export's <c>limit</c>) is the caller's.
/// </summary>
internal static class ClientListQuery
{
    /// <summary>Longest text a filter takes: longer than any client ID or username EMQX accepts by default, short enough to compare a million times.</summary>
    public const int MaxText = 256;

    private const int MaxKeepalive = 65_535;

    /// <summary>The names <c>sort</c> takes, and the column each sorts by.</summary>
    public static readonly IReadOnlyDictionary<string, ClientSortField> SortNames = new Dictionary<string, ClientSortField>(StringComparer.Ordinal)
    {
        ["connectedAt"] = ClientSortField.ConnectedAt,
        ["disconnectedAt"] = ClientSortField.DisconnectedAt,
        ["clientId"] = ClientSortField.ClientId,
        ["username"] = ClientSortField.Username,
        ["node"] = ClientSortField.Node,
        ["peer"] = ClientSortField.Peer,
        ["reason"] = ClientSortField.LastReason,
        ["proto"] = ClientSortField.ProtoVer,
        ["keepalive"] = ClientSortField.Keepalive,
        ["cleanStart"] = ClientSortField.CleanStart,
    };

    public static ClientQuery Parse(IQueryCollection query, DateTimeOffset now, IDeviceGroups groups, Dictionary<string, string[]> errors)
    {
        var filters = new ClientFilters
        {
            Node = Text(query, "node", errors),
            Username = Text(query, "username", errors),
            LastReason = Text(query, "reason", errors),
            ProtoVer = Protocol(query["proto"].ToString(), errors),
            CleanStart = Flag(query["cleanStart"].ToString(), errors),
            KeepaliveMin = Optional(query, "keepaliveMin", MaxKeepalive, errors),
            KeepaliveMax = Optional(query, "keepaliveMax", MaxKeepalive, errors),
            ConnectedAfter = TimeRangeQuery.ParseOne(query["connectedAfter"].ToString(), "connectedAfter", now, errors),
            ConnectedBefore = TimeRangeQuery.ParseOne(query["connectedBefore"].ToString(), "connectedBefore", now, errors),
            Group = GroupQuery.Parse(query, groups, errors),
        };
        // A contradiction drops the lower bound, so that a lenient reader (a page's URL) is left with a valid query.
        if (filters.KeepaliveMin > filters.KeepaliveMax)
        {
            errors["keepaliveMin"] = [$"must not be above keepaliveMax ({filters.KeepaliveMax}); got '{filters.KeepaliveMin}'"];
            filters = filters with { KeepaliveMin = null };
        }

        if (filters.ConnectedAfter >= filters.ConnectedBefore)
        {
            errors["connectedAfter"] = ["must be before 'connectedBefore'"];
            filters = filters with { ConnectedAfter = null };
        }

        var state = State(query["state"].ToString(), errors);
        return new ClientQuery(
            state,
            Text(query, "q", errors),
            Sort(query["sort"].ToString(), state, errors),
            Descending(query["order"].ToString(), errors))
        {
            Filters = filters,
        };
    }

    /// <summary>
    /// The query's parameters, the inverse of <see cref="Parse"/>: every name, null where the value
    /// is the default (a page leaves those out of its URL). Paging is the caller's.
    /// </summary>
    public static Dictionary<string, object?> Format(ClientQuery query)
    {
        var f = query.Filters;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["state"] = query.State == ClientStateFilter.Online ? null : query.State.ToString().ToLowerInvariant(),
            ["q"] = query.Search,
            ["node"] = f.Node,
            ["username"] = f.Username,
            ["reason"] = f.LastReason,
            ["proto"] = f.ProtoVer?.ToString(CultureInfo.InvariantCulture),
            ["cleanStart"] = f.CleanStart is { } clean ? (clean ? "true" : "false") : null,
            ["keepaliveMin"] = f.KeepaliveMin?.ToString(CultureInfo.InvariantCulture),
            ["keepaliveMax"] = f.KeepaliveMax?.ToString(CultureInfo.InvariantCulture),
            ["connectedAfter"] = Iso(f.ConnectedAfter),
            ["connectedBefore"] = Iso(f.ConnectedBefore),
            ["group"] = f.Group?.Name,
            ["sort"] = query.SortBy == DefaultSort(query.State) ? null : SortNames.First(n => n.Value == query.SortBy).Key,
            ["order"] = query.Descending ? null : "asc",
        };
    }

    /// <summary>Without <c>sort</c>: the newest sessions first, or for the offline list the latest disconnects.</summary>
    public static ClientSortField DefaultSort(ClientStateFilter state) =>
        state == ClientStateFilter.Offline ? ClientSortField.DisconnectedAt : ClientSortField.ConnectedAt;

    /// <summary>UTC, to the second unless the time has milliseconds.</summary>
    private static string? Iso(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString(at.Value.Millisecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static ClientStateFilter State(string value, Dictionary<string, string[]> errors)
    {
        switch (value.ToLowerInvariant())
        {
            case "" or "online":
                return ClientStateFilter.Online;
            case "offline":
                return ClientStateFilter.Offline;
            case "all":
                return ClientStateFilter.All;
            default:
                errors["state"] = [$"must be online, offline or all; got '{value}'"];
                return ClientStateFilter.Online;
        }
    }

    private static ClientSortField Sort(string value, ClientStateFilter state, Dictionary<string, string[]> errors)
    {
        if (value.Length == 0)
        {
            return DefaultSort(state);
        }

        if (SortNames.TryGetValue(value, out var field))
        {
            return field;
        }

        errors["sort"] = [$"must be one of {string.Join(", ", SortNames.Keys)}; got '{value}'"];
        return DefaultSort(state);
    }

    /// <summary>Newest (or largest) first unless <c>order=asc</c>.</summary>
    private static bool Descending(string value, Dictionary<string, string[]> errors)
    {
        switch (value.ToLowerInvariant())
        {
            case "" or "desc":
                return true;
            case "asc":
                return false;
            default:
                errors["order"] = [$"must be asc or desc; got '{value}'"];
                return true;
        }
    }

    private static string? Text(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = query[name].ToString();
        if (value.Length > MaxText)
        {
            errors[name] = [$"must be at most {MaxText} characters; got {value.Length}"];
            return null;
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>3 (MQTT 3.1), 4 (3.1.1) or 5.</summary>
    private static int? Protocol(string value, Dictionary<string, string[]> errors)
    {
        switch (value)
        {
            case "":
                return null;
            case "3" or "4" or "5":
                return value[0] - '0';
            default:
                errors["proto"] = [$"must be 3 (MQTT 3.1), 4 (3.1.1) or 5; got '{value}'"];
                return null;
        }
    }

    private static bool? Flag(string value, Dictionary<string, string[]> errors)
    {
        switch (value.ToLowerInvariant())
        {
            case "":
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                errors["cleanStart"] = [$"must be true or false; got '{value}'"];
                return null;
        }
    }

    private static int? Optional(IQueryCollection query, string name, int max, Dictionary<string, string[]> errors)
    {
        if (query[name].ToString().Length == 0)
        {
            return null;
        }

        var value = QueryNumber.Read(query, name, -1, 0, max, errors);
        return value < 0 ? null : value;
    }
}
