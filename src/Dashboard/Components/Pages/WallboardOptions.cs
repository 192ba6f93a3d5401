using System.Globalization;
using Dashboard.Core.Ranges;

namespace Dashboard.Components.Pages;

/// <summary>The wallboard's panels. Health is pinned: when shown, it is on screen in every set.</summary>
public enum WallboardPanel
{
    Online,
    Rates,
    Reasons,
    Conflicts,

    /// <summary>Refused connections in the last hour, with the top reason code.</summary>
    Refused,
    Health,
}

/// <summary>
/// The wallboard's query-string options, parsed leniently: a TV on a wall must never show an
/// error page, so any value that cannot be read falls back to its default and adds a line to
/// <see cref="Notices"/>, which the page shows small in a corner.
/// <code>
/// /wallboard?theme=dark|light                                  default dark
///           &amp;panels=online,rates,reasons,conflicts,refused,health  which panels (default all)
///           &amp;sets=online+rates|reasons+conflicts           panel sets to rotate between
///           &amp;rotate=N                                      seconds per set (5..3600; default 30 when
///                                                            there are several sets; 0 = no rotation)
///           &amp;window=15m|1h|24h                             the reasons chart's range (default 1h)
///           &amp;stale=N                                       seconds without an event before the
///                                                            health panel turns red (5..86400; default 60)
///           &amp;groups=plant-1,plant-2                       a tile per group, in screens of four
///                                                            that rotate (see WallboardGroupPages)
/// </code>
/// Sets are separated by <c>|</c>, panels within a set by <c>+</c> (or <c>,</c>; a literal
/// <c>+</c> in a query string decodes to a space, which is read as <c>+</c> too). Without
/// <c>sets</c>, one set holds every panel of <c>panels</c>. Health never rotates: it is shown on
/// every set when <c>panels</c> (or any set) names it.
/// </summary>
public sealed record WallboardOptions
{
    public const int DefaultStaleSeconds = 60;
    public const int DefaultRotateSeconds = 30;

    public static readonly IReadOnlyList<WallboardPanel> AllPanels =
        [WallboardPanel.Online, WallboardPanel.Rates, WallboardPanel.Reasons, WallboardPanel.Conflicts, WallboardPanel.Refused, WallboardPanel.Health];

    /// <summary>The windows the reasons chart offers, named as in the query string.</summary>
    public static readonly IReadOnlyList<RangePreset> Windows = [RangePreset.FifteenMinutes, RangePreset.Hour, RangePreset.Day];

    public bool Dark { get; init; } = true;

    /// <summary>The rotating sets (never empty; health excluded), each a non-empty list in display order.</summary>
    public IReadOnlyList<IReadOnlyList<WallboardPanel>> Sets { get; init; } = [];

    public bool ShowHealth { get; init; } = true;

    /// <summary>Zero when there is nothing to rotate.</summary>
    public TimeSpan Rotate { get; init; }

    /// <summary>The reasons chart's range: the last 15 minutes, hour or day.</summary>
    public RangePreset Range { get; init; } = RangePreset.Hour;

    public TimeSpan Window => Range.Span;

    public string WindowName => Range.Name;

    public TimeSpan Stale { get; init; } = TimeSpan.FromSeconds(DefaultStaleSeconds);

    /// <summary>The group tiles' screens (<c>groups</c>); none by default.</summary>
    public WallboardGroupPages Groups { get; init; } = WallboardGroupPages.None;

    /// <summary>What was ignored and why, one line per option.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    public static WallboardOptions Parse(string? theme, string? panels, string? sets, string? rotate, string? window, string? stale, string? groups = null)
    {
        var notices = new List<string>();

        var dark = true;
        if (!string.IsNullOrWhiteSpace(theme))
        {
            switch (theme.Trim().ToLowerInvariant())
            {
                case "dark":
                    break;
                case "light":
                    dark = false;
                    break;
                default:
                    notices.Add($"theme={theme}: use dark or light");
                    break;
            }
        }

        var chosen = AllPanels;
        if (!string.IsNullOrWhiteSpace(panels))
        {
            var parsed = ParsePanels(panels, ',', "panels", notices);
            if (parsed.Count > 0)
            {
                chosen = parsed;
            }
            else
            {
                notices.Add("panels: none known, showing all");
            }
        }

        var showHealth = chosen.Contains(WallboardPanel.Health);
        var rotating = new List<IReadOnlyList<WallboardPanel>>();
        if (!string.IsNullOrWhiteSpace(sets))
        {
            foreach (var part in sets.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var set = ParsePanels(part.Replace(',', '+').Replace(' ', '+'), '+', "sets", notices);
                showHealth |= set.Contains(WallboardPanel.Health);
                var shown = set.Where(p => p != WallboardPanel.Health).ToArray();
                if (shown.Length > 0)
                {
                    rotating.Add(shown);
                }
            }

            if (rotating.Count == 0)
            {
                notices.Add("sets: no panel known, showing one set");
            }
        }

        if (rotating.Count == 0)
        {
            var all = chosen.Where(p => p != WallboardPanel.Health).ToArray();
            if (all.Length > 0)
            {
                rotating.Add(all);
            }
        }

        var rotateSeconds = rotating.Count > 1 ? DefaultRotateSeconds : 0;
        int? rotateGiven = null;
        if (!string.IsNullOrWhiteSpace(rotate))
        {
            if (int.TryParse(rotate.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && (seconds == 0 || seconds is >= 5 and <= 3600))
            {
                rotateSeconds = seconds;
                rotateGiven = seconds;
            }
            else
            {
                notices.Add($"rotate={rotate}: use 0 or 5..3600 seconds");
            }
        }

        if (rotateSeconds == 0 && rotating.Count > 1)
        {
            // No rotation asked for: only the first set would ever show.
            rotating = [rotating[0]];
        }

        var range = RangePreset.Hour;
        if (!string.IsNullOrWhiteSpace(window))
        {
            if (RangePreset.Find(window, Windows) is { } match)
            {
                range = match;
            }
            else
            {
                notices.Add($"window={window}: use 15m, 1h or 24h");
            }
        }

        var staleSeconds = DefaultStaleSeconds;
        if (!string.IsNullOrWhiteSpace(stale))
        {
            if (int.TryParse(stale.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 5 and <= 86400)
            {
                staleSeconds = seconds;
            }
            else
            {
                notices.Add($"stale={stale}: use 5..86400 seconds");
            }
        }

        return new WallboardOptions
        {
            Dark = dark,
            Sets = rotating,
            ShowHealth = showHealth,
            Rotate = rotating.Count > 1 ? TimeSpan.FromSeconds(rotateSeconds) : TimeSpan.Zero,
            Range = range,
            Stale = TimeSpan.FromSeconds(staleSeconds),
            Groups = WallboardGroupPages.Parse(groups, rotateGiven, notices),
            Notices = notices,
        };
    }

    /// <summary>The set on screen at <paramref name="elapsed"/> since the page opened.</summary>
    public IReadOnlyList<WallboardPanel> SetAt(TimeSpan elapsed)
    {
        if (Sets.Count == 0)
        {
            return [];
        }

        if (Rotate <= TimeSpan.Zero || Sets.Count == 1 || elapsed < TimeSpan.Zero)
        {
            return Sets[0];
        }

        return Sets[(int)(elapsed.Ticks / Rotate.Ticks % Sets.Count)];
    }

    private static List<WallboardPanel> ParsePanels(string text, char separator, string key, List<string> notices)
    {
        var result = new List<WallboardPanel>();
        foreach (var name in text.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<WallboardPanel>(name, ignoreCase: true, out var panel) && Enum.IsDefined(panel) && !char.IsAsciiDigit(name[0]))
            {
                if (!result.Contains(panel))
                {
                    result.Add(panel);
                }
            }
            else
            {
                notices.Add($"{key}: unknown panel '{name}'");
            }
        }

        return result;
    }
}
