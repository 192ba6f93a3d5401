using MudBlazor;

namespace Dashboard.Components.Layout;

/// <summary>The dashboard's colours: a calm blue for chrome, status colours kept for meaning.</summary>
internal static class DashboardTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#00897b",
            AppbarBackground = "#1f4e79",
            Background = "#f4f6f8",
            DrawerBackground = "#ffffff",
            Success = "#2e7d32",
            Warning = "#ed6c02",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64a4e0",
            Secondary = "#4db6ac",
            AppbarBackground = "#1b2733",
            Background = "#121a22",
            Surface = "#1b2733",
            DrawerBackground = "#17212b",
            Success = "#66bb6a",
            Warning = "#ffa726",
            Error = "#ef5350",
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "6px",
        },
    };
}
