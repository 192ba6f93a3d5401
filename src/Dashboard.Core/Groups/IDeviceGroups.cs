namespace Dashboard.Core.Groups;

/// <summary>
/// Where the current group definitions come from (configuration, then groups defined at run time). Readers take
/// <see cref="Current"/> once per operation; <see cref="Changed"/> fires after a definition changes.
/// </summary>
public interface IDeviceGroups
{
    GroupMatcher Current { get; }

    event Action? Changed;
}
