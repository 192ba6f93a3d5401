using Dashboard.Core.Groups;

namespace Dashboard.Api;

/// <summary><c>group=&lt;name&gt;</c> on the history APIs: a group in force (any case), or a 400 naming <c>group</c>.</summary>
internal static class GroupQuery
{
    /// <summary>The filter for the named group, null when the parameter is absent; an unknown name adds an error.</summary>
    public static GroupFilter? Parse(IQueryCollection query, IDeviceGroups groups, Dictionary<string, string[]> errors)
    {
        var name = query["group"].ToString();
        if (name.Length == 0)
        {
            return null;
        }

        var matcher = groups.Current;
        if (matcher.Find(name) is { } group)
        {
            return new GroupFilter(matcher, group.Name);
        }

        errors["group"] = [DeviceGroup.IsValidName(name) ? $"is not a group; got '{name}' (GET /api/groups lists them)" : "is not a group name (letters, digits, '-', '_' or '.', at most 64)"];
        return null;
    }
}
