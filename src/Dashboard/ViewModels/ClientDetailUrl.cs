using Dashboard.Components.Controls.Lists;
using Dashboard.Core.Ranges;

namespace Dashboard.ViewModels;

/// <summary>What a client's drill-down shows: a range, and the event list's kind and reason filters (all by default).</summary>
public sealed record ClientDetailState(TimeRange Range, string? Kind = null, string? Reason = null)
{
    public static readonly RangePreset DefaultPreset = RangePreset.Day;

    public static readonly ClientDetailState Default = new(TimeRange.Last(DefaultPreset));
}

/// <summary>
/// The drill-down's state in its query string (the client ID is the path): the range
/// (<see cref="RangeUrl"/>: <c>range</c> = <c>1h</c>, <c>24h</c> or <c>7d</c>, or <c>from</c> and
/// <c>to</c>), and the events' <c>kind</c> (as the filter names it: <c>connected</c>,
/// <c>disconnected</c>, <c>failures</c>, <c>refused</c>, …) and <c>reason</c>. Defaults are left out;
/// a value that does not read falls back to its default.
/// </summary>
internal static class ClientDetailUrl
{
    public const string KindName = "kind";
    public const string ReasonName = "reason";

    /// <summary>The ranges the drill-down offers by name; custom is <c>from</c> and <c>to</c>.</summary>
    public static readonly IReadOnlyList<RangePreset> Presets = [RangePreset.Hour, RangePreset.Day, RangePreset.Week];

    public static ClientDetailState Read(string? range, string? from, string? to, string? kind, string? reason, DateTimeOffset now) => new(
        RangeUrl.Read(range, from, to, Presets, ClientDetailState.DefaultPreset, now),
        ClientEventsTable.KindFilters.FirstOrDefault(k => string.Equals(k, kind?.Trim(), StringComparison.OrdinalIgnoreCase)),
        UrlText.Read(reason, ReasonsUrl.MaxReasonLength));

    /// <summary>The query string's values for <paramref name="state"/>: null for each default, which removes it from the URL.</summary>
    public static Dictionary<string, object?> Parameters(ClientDetailState state)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { [KindName] = state.Kind, [ReasonName] = state.Reason };
        RangeUrl.Write(parameters, state.Range, ClientDetailState.DefaultPreset);
        return parameters;
    }
}
