using Dashboard.Core.Groups;
using Dashboard.Core.Ranges;

namespace Dashboard.ViewModels;

/// <summary>What /reasons shows: a range, the reason whose clients are listed (none by default) and the device group it is narrowed to (none).</summary>
public sealed record ReasonsState(TimeRange Range, string? Reason = null, GroupFilter? Group = null)
{
    public static readonly RangePreset DefaultPreset = RangePreset.Hour;

    public static readonly ReasonsState Default = new(TimeRange.Last(DefaultPreset));
}

/// <summary>
/// The Reasons page's state in its query string: the range (<see cref="RangeUrl"/>: <c>range</c>, or
/// <c>from</c> and <c>to</c>), <c>reason</c>, the selected reason, and <c>group</c>, a group in force. Defaults are left out; a value
/// that does not read falls back to its default, so any pasted link opens a view.
/// </summary>
internal static class ReasonsUrl
{
    public const string ReasonName = "reason";

    /// <summary>No stored reason is longer (Ingest:MaxFieldLength's default): a longer one selects nothing.</summary>
    public const int MaxReasonLength = RefusedFilter.MaxLength;

    public const string GroupName = "group";

    public static ReasonsState Read(string? range, string? from, string? to, string? reason, DateTimeOffset now, string? group = null, GroupMatcher? groups = null)
    {
        var shown = RangeUrl.Read(range, from, to, RangeChoice.Presets, ReasonsState.DefaultPreset, now);
        return new ReasonsState(shown, UrlText.Read(reason, MaxReasonLength), ReadGroup(group, groups));
    }

    /// <summary>The group of that name in <paramref name="groups"/>, or null (none given, or no such group: the link opens unfiltered).</summary>
    public static GroupFilter? ReadGroup(string? name, GroupMatcher? groups) =>
        groups?.Find(name) is { } group ? new GroupFilter(groups, group.Name) : null;

    /// <summary>The query string's values for <paramref name="state"/>: null for each default, which removes it from the URL.</summary>
    public static Dictionary<string, object?> Parameters(ReasonsState state)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { [ReasonName] = state.Reason, [GroupName] = state.Group?.Name };
        RangeUrl.Write(parameters, state.Range, ReasonsState.DefaultPreset);
        return parameters;
    }
}
