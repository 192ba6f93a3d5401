using MudBlazor;

namespace Dashboard.Components.Layout;

/// <summary>
/// The dashboard's colours: a calm blue for chrome, status colours kept for meaning. Every text
/// colour reaches 4.5:1 against the backgrounds it is used on (WCAG AA; the browser tests check
/// each page with axe-core in both themes): in light mode the status colours are dark enough for
/// white text on them and for text on the page; in dark mode they are light, so text on them is dark.
/// </summary>
internal static class DashboardTheme
{
    /// <summary>Text on the dark theme's light status colours (filled chips and buttons).</summary>
    private const string DarkContrastText = "#121a22";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#00796b",
            AppbarBackground = "#1f4e79",
            Background = "#f4f6f8",
            DrawerBackground = "#ffffff",
            TextSecondary = "#5c6670",
            Success = "#2e7d32",
            Info = "#1565c0",
            Warning = "#b45309",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64a4e0",
            PrimaryContrastText = DarkContrastText,
            Secondary = "#4db6ac",
            SecondaryContrastText = DarkContrastText,
            AppbarBackground = "#1b2733",
            Background = "#121a22",
            Surface = "#1b2733",
            DrawerBackground = "#17212b",
            TextSecondary = "rgba(255, 255, 255, 0.7)",
            Success = "#66bb6a",
            SuccessContrastText = DarkContrastText,
            Info = "#64b5f6",
            InfoContrastText = DarkContrastText,
            Warning = "#ffa726",
            WarningContrastText = DarkContrastText,
            Error = "#ff7b7b",
            ErrorContrastText = DarkContrastText,
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "6px",
        },
    };
}
