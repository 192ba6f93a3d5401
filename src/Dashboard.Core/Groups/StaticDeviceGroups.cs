namespace Dashboard.Core.Groups;

/// <summary>A fixed set of groups that never changes: no groups by default, or a test's table.</summary>
public sealed class StaticDeviceGroups(GroupMatcher matcher) : IDeviceGroups
{
    public GroupMatcher Current { get; } = matcher;

    public event Action? Changed
    {
        add { }
        remove { }
    }
}
