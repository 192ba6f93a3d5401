using System.Globalization;
using Dashboard.Core.Groups;

namespace Dashboard.Components.Pages;

/// <summary>
/// The wallboard's group tiles (<c>?groups=plant-1,plant-2</c>) in screens of at most <see cref="PerScreen"/>: one
/// row under the panels, each tile wide enough for "12,345 / 20,000" across a room at 1080p. More groups rotate
/// screen by screen, with the wallboard's <c>rotate</c> period (30 s when not given); <c>rotate=0</c> keeps the first
/// screen and says how many are not shown. Names are kept as written (trimmed, repeats dropped ignoring case, cut
/// to a group name's length): a name that is no group becomes an "unknown group" tile, never an error.
/// </summary>
public sealed record WallboardGroupPages
{
    /// <summary>Tiles on screen at once: four in a row stay readable on a 1080p wall and leave the panels most of the height.</summary>
    public const int PerScreen = 4;

    /// <summary>Names read from the URL; twelve screens at the most.</summary>
    public const int MaxGroups = 48;

    public static readonly WallboardGroupPages None = new();

    /// <summary>The screens in order, each one to <see cref="PerScreen"/> names; empty without <c>groups</c>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Pages { get; init; } = [];

    /// <summary>How many names the URL gave (after repeats were dropped and the cap applied).</summary>
    public int Count { get; init; }

    /// <summary>Time per screen; zero when there is one screen.</summary>
    public TimeSpan Rotate { get; init; }

    /// <param name="groups">The query value, comma-separated.</param>
    /// <param name="rotateSeconds">The <c>rotate</c> value when one was given and valid; null when not given.</param>
    /// <param name="notices">Where to say what was left out.</param>
    public static WallboardGroupPages Parse(string? groups, int? rotateSeconds, List<string> notices)
    {
        ArgumentNullException.ThrowIfNull(notices);
        var names = (groups ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.Length > DeviceGroup.MaxNameLength ? n[..DeviceGroup.MaxNameLength] : n)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (names.Count == 0)
        {
            return None;
        }

        if (names.Count > MaxGroups)
        {
            notices.Add(string.Create(CultureInfo.InvariantCulture, $"groups: {names.Count} named, the first {MaxGroups} shown"));
            names = names[..MaxGroups];
        }

        var pages = names.Chunk(PerScreen).Select(p => (IReadOnlyList<string>)p).ToList();
        var seconds = rotateSeconds ?? WallboardOptions.DefaultRotateSeconds;
        if (pages.Count > 1 && seconds == 0)
        {
            notices.Add(string.Create(CultureInfo.InvariantCulture, $"groups: rotate=0 shows the first {PerScreen} of {names.Count}"));
            pages = [pages[0]];
        }

        return new WallboardGroupPages
        {
            Pages = pages,
            Count = names.Count,
            Rotate = pages.Count > 1 ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero,
        };
    }

    /// <summary>The screen shown at <paramref name="elapsed"/> since the page opened (0-based); 0 with one screen.</summary>
    public int IndexAt(TimeSpan elapsed) =>
        Pages.Count <= 1 || Rotate <= TimeSpan.Zero || elapsed < TimeSpan.Zero ? 0 : (int)(elapsed.Ticks / Rotate.Ticks % Pages.Count);

    /// <summary>"groups 5–8 of 12" while screens rotate; null with one screen (every name is on it).</summary>
    public string? Label(int index)
    {
        if (Pages.Count <= 1)
        {
            return null;
        }

        var first = (index * PerScreen) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"groups {first}–{first + Pages[index].Count - 1} of {Count}");
    }
}
