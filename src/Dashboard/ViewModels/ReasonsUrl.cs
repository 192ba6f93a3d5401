using Dashboard.Core.Ranges;

namespace Dashboard.ViewModels;

/// <summary>What /reasons shows: a range and the reason whose clients are listed (none by default).</summary>
public sealed record ReasonsState(TimeRange Range, string? Reason = null)
{
    public static readonly RangePreset DefaultPreset = RangePreset.Hour;

    public static readonly ReasonsState Default = new(TimeRange.Last(DefaultPreset));
}

/// <summary>
/// The Reasons page's state in its query string: the range (<see cref="RangeUrl"/>: <c>range</c>, or
/// <c>from</c> and <c>to</c>) and <c>reason</c>, the selected reason. Defaults are left out; a value
/// that does not read falls back to its default, so any pasted link opens a view.
/// </summary>
internal static class ReasonsUrl
{
    public const string ReasonName = "reason";

    /// <summary>No stored reason is longer (Ingest:MaxFieldLength's default): a longer one selects nothing.</summary>
    public const int MaxReasonLength = RefusedFilter.MaxLength;

    public static ReasonsState Read(string? range, string? from, string? to, string? reason, DateTimeOffset now)
    {
        var shown = RangeUrl.Read(range, from, to, RangeChoice.Presets, ReasonsState.DefaultPreset, now);
        return new ReasonsState(shown, UrlText.Read(reason, MaxReasonLength));
    }

    /// <summary>The query string's values for <paramref name="state"/>: null for each default, which removes it from the URL.</summary>
    public static Dictionary<string, object?> Parameters(ReasonsState state)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { [ReasonName] = state.Reason };
        RangeUrl.Write(parameters, state.Range, ReasonsState.DefaultPreset);
        return parameters;
    }
}
