namespace Dashboard.Core.Groups;

/// <summary>
/// The groups in order (configured ones first, then those defined at run time) and the first-match rule.
/// Immutable: a change of definitions builds a new matcher, so readers never see half an update.
/// </summary>
public sealed class GroupMatcher
{
    public static readonly GroupMatcher None = new([]);

    public GroupMatcher(IReadOnlyList<DeviceGroup> groups)
    {
        Groups = groups;
    }

    public IReadOnlyList<DeviceGroup> Groups { get; }

    /// <summary>The name of the first group the client falls in, or null for none.</summary>
    public string? GroupOf(string clientId, string? username, string? ip)
    {
        foreach (var group in Groups)
        {
            if (group.Matches(clientId, username, ip))
            {
                return group.Name;
            }
        }

        return null;
    }

    /// <summary>The group of that name (names compare ordinally, ignoring case, as URLs are typed by hand).</summary>
    public DeviceGroup? Find(string? name) =>
        name is null ? null : Groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the client falls in the named group by the first-match rule (an earlier group takes it otherwise).</summary>
    public bool IsIn(string groupName, string clientId, string? username, string? ip) =>
        string.Equals(GroupOf(clientId, username, ip), groupName, StringComparison.OrdinalIgnoreCase);
}
