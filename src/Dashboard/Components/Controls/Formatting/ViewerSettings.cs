using Microsoft.JSInterop;

namespace Dashboard.Components.Controls.Formatting;

/// <summary>
/// What one browser chose or told us: its time zone (times are shown in it, UTC on hover) and
/// its dark/light choice (null: none yet, follow the system). Kept in cookies (lib/viewer.js), so
/// the prerender reads them from the request; <see cref="Routes"/> cascades the current value to
/// every component, and a new instance when the browser reports a different zone.
/// </summary>
public sealed record ViewerSettings(TimeZoneInfo TimeZone, bool? DarkMode)
{
    public const string TimeZoneCookie = "dashboard-tz";
    public const string ThemeCookie = "dashboard-theme";

    /// <summary>The JS module that reads the browser's zone and writes the cookies.</summary>
    internal const string ModulePath = "./lib/viewer.js";

    // IANA names are short ("America/Argentina/ComodRivadavia" is among the longest); anything
    // longer is not one, and is not worth a lookup.
    private const int MaxZoneIdLength = 64;

    /// <summary>Before the browser has said anything: UTC, and the system's theme.</summary>
    public static ViewerSettings Default { get; } = new(TimeZoneInfo.Utc, null);

    /// <summary>From the cookies' values; a missing, unknown or malformed value falls back to the default.</summary>
    public static ViewerSettings FromCookies(string? timeZoneId, string? theme) =>
        new(FindZone(timeZoneId) ?? TimeZoneInfo.Utc, ParseTheme(theme));

    /// <summary>The zone to show times in; UTC outside a <see cref="Routes"/> (tests rendering one component).</summary>
    public static TimeZoneInfo ZoneOf(ViewerSettings? viewer) => (viewer ?? Default).TimeZone;

    /// <summary>How a clock names the zone: "UTC", or the IANA ID.</summary>
    public static string ZoneLabel(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;

    public static string ThemeValue(bool dark) => dark ? "dark" : "light";

    /// <summary>The zone with this IANA (or Windows) ID, or null when there is none.</summary>
    public static TimeZoneInfo? FindZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= MaxZoneIdLength && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : null;

    /// <summary>
    /// Stores one setting in this browser (a cookie, read again at the next prerender).
    /// <paramref name="cancellationToken"/> is the component's lifetime, so no call outlives it.
    /// </summary>
    public static async Task RememberAsync(IJSRuntime js, string cookie, string value, CancellationToken cancellationToken)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, ModulePath);
        if (module is not null)
        {
            await module.InvokeVoidAsync("remember", cancellationToken, cookie, value);
        }
    }

    /// <summary>The browser's own time zone ID, or null if it gives none.</summary>
    public static async Task<string?> BrowserTimeZoneAsync(IJSRuntime js, CancellationToken cancellationToken)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, ModulePath);
        return module is null ? null : await module.InvokeAsync<string?>("timeZone", cancellationToken);
    }

    private static bool? ParseTheme(string? theme) => theme switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };
}
