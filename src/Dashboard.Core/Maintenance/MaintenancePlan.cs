using Dashboard.Core.Groups;

namespace Dashboard.Core.Maintenance;

/// <summary>
/// The rules a new window must keep, the same for the API and the page: a known scope and a target of its
/// shape (a glob per <see cref="GlobPattern"/>, or a group's name per <see cref="DeviceGroup"/>), from before to,
/// to in the future, at most <see cref="MaxLength"/> long and starting within <see cref="MaxLeadTime"/>, and a note.
/// </summary>
public static class MaintenancePlan
{
    public const int MaxNoteLength = 500;

    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(31);

    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(366);

    /// <summary>The scope as the API spells it: <c>group</c> or <c>clientIdPattern</c>.</summary>
    public static string Name(MaintenanceScope scope) => scope == MaintenanceScope.Group ? "group" : "clientIdPattern";

    public static MaintenanceScope? ParseScope(string? text) => text switch
    {
        _ when string.Equals(text, "group", StringComparison.OrdinalIgnoreCase) => MaintenanceScope.Group,
        _ when string.Equals(text, "clientIdPattern", StringComparison.OrdinalIgnoreCase) => MaintenanceScope.ClientIdPattern,
        _ => null,
    };

    /// <summary>
    /// What is wrong, by field (<c>scope</c>, <c>target</c>, <c>from</c>, <c>to</c>, <c>note</c>); empty when the window
    /// may be created. A group must exist in <paramref name="groups"/>: a misspelt name would plan nothing.
    /// </summary>
    public static Dictionary<string, string[]> Check(
        string? scope, string? target, DateTimeOffset? from, DateTimeOffset? to, string? note, DateTimeOffset now, GroupMatcher groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var parsed = ParseScope(scope);
        if (parsed is null)
        {
            errors["scope"] = ["must be \"group\" or \"clientIdPattern\""];
        }
        else if (parsed == MaintenanceScope.ClientIdPattern && GlobPattern.TryParse(target, out var why) is null)
        {
            errors["target"] = [$"the client ID pattern {why}"];
        }
        else if (parsed == MaintenanceScope.Group && !DeviceGroup.IsValidName(target))
        {
            errors["target"] = [$"a group name is 1 to {DeviceGroup.MaxNameLength} letters, digits, '-', '_' or '.'"];
        }
        else if (parsed == MaintenanceScope.Group && groups.Find(target) is null)
        {
            errors["target"] = ["names no device group"];
        }

        CheckTimes(from, to, now, errors);
        if (string.IsNullOrWhiteSpace(note))
        {
            errors["note"] = ["is required: say what the work is"];
        }
        else if (note.Length > MaxNoteLength)
        {
            errors["note"] = [$"must be at most {MaxNoteLength} characters; got {note.Length}"];
        }

        return errors;
    }

    private static void CheckTimes(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (from is null)
        {
            errors["from"] = ["is required (an ISO 8601 time with an offset)"];
        }
        else if (from > now + MaxLeadTime)
        {
            errors["from"] = [$"must be within {MaxLeadTime.TotalDays:0} days from now"];
        }

        if (to is null)
        {
            errors["to"] = ["is required (an ISO 8601 time with an offset)"];
        }
        else if (to <= now)
        {
            errors["to"] = ["must be in the future"];
        }
        else if (from is { } start && to <= start)
        {
            errors["to"] = ["must be after from"];
        }
        else if (from is { } begin && to - begin > MaxLength)
        {
            errors["to"] = [$"a window lasts at most {MaxLength.TotalDays:0} days"];
        }
    }
}
