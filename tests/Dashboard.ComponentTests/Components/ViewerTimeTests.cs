using Bunit;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Layout;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Tests.Components;

/// <summary>Times in the viewer's zone with UTC on hover, and the theme a browser chose.</summary>
public sealed class ViewerTimeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2025, 5, 1, 12, 0, 3, 250, TimeSpan.Zero);
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private readonly DashboardTestHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Local_time_follows_the_zone_and_its_daylight_saving()
    {
        Assert.Equal("2025-05-01 21:00:03", DisplayFormat.Local(At, Tokyo));
        Assert.Equal("2025-07-01 14:00:00", DisplayFormat.Local(new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero), Berlin));
        Assert.Equal("2025-01-15 13:00:00", DisplayFormat.Local(new DateTimeOffset(2025, 1, 15, 12, 0, 0, TimeSpan.Zero), Berlin));
        // An instant given with another offset is the same instant.
        Assert.Equal("2025-05-01 21:00:03", DisplayFormat.Local(At.ToOffset(TimeSpan.FromHours(-5)), Tokyo));
        Assert.Equal(DisplayFormat.Missing, DisplayFormat.Local(null, Tokyo));
    }

    [Fact]
    public void Hover_text_gives_local_time_and_zone_then_utc_and_only_utc_for_a_utc_viewer()
    {
        Assert.Equal("2025-05-01 21:00:03 Asia/Tokyo · 2025-05-01T12:00:03.250Z", DisplayFormat.LocalAndUtc(At, Tokyo));
        Assert.Equal("2025-05-01T12:00:03.250Z", DisplayFormat.LocalAndUtc(At, TimeZoneInfo.Utc));
        Assert.Equal(string.Empty, DisplayFormat.LocalAndUtc(null, Tokyo));
    }

    [Fact]
    public void Cookies_that_are_missing_unknown_or_not_a_zone_fall_back_to_utc_and_the_system_theme()
    {
        Assert.Equal(Tokyo.Id, ViewerSettings.FromCookies("Asia/Tokyo", "dark").TimeZone.Id);
        Assert.True(ViewerSettings.FromCookies(null, "dark").DarkMode);
        Assert.False(ViewerSettings.FromCookies(null, "light").DarkMode);
        Assert.Null(ViewerSettings.FromCookies(null, "purple").DarkMode);
        Assert.Equal(TimeZoneInfo.Utc, ViewerSettings.FromCookies("Mars/Olympus_Mons", null).TimeZone);
        Assert.Equal(TimeZoneInfo.Utc, ViewerSettings.FromCookies("../../etc/passwd", null).TimeZone);
        Assert.Equal(TimeZoneInfo.Utc, ViewerSettings.FromCookies(new string('x', 10_000), null).TimeZone);
        Assert.Equal(TimeZoneInfo.Utc, ViewerSettings.FromCookies("", null).TimeZone);
    }

    [Fact]
    public void Local_time_and_relative_time_render_in_the_cascaded_zone_with_utc_on_hover()
    {
        var viewer = new ViewerSettings(Tokyo, null);
        var local = _host.Context.Render<LocalTime>(p => p.Add(c => c.Value, At).AddCascadingValue(viewer));
        var time = local.Find("time");
        Assert.Equal("2025-05-01 21:00:03", time.TextContent);
        Assert.Equal("2025-05-01T12:00:03.250Z", time.GetAttribute("title"));
        Assert.Equal("2025-05-01T12:00:03.250Z", time.GetAttribute("datetime"));

        var relative = _host.Context.Render<RelativeTime>(p => p.Add(c => c.Value, At).Add(c => c.Now, At.AddMinutes(3)).AddCascadingValue(viewer));
        Assert.Equal("3 min ago", relative.Find("span").TextContent);
        Assert.Equal("2025-05-01 21:00:03 Asia/Tokyo · 2025-05-01T12:00:03.250Z", relative.Find("span").GetAttribute("title"));

        // Without a Routes above it (a component on its own), UTC.
        var alone = _host.Context.Render<LocalTime>(p => p.Add(c => c.Value, At));
        Assert.Equal("2025-05-01 12:00:03", alone.Find("time").TextContent);
    }

    [Theory]
    [InlineData(true, "dark")]
    [InlineData(false, "light")]
    public void Layout_starts_in_the_theme_this_browser_chose(bool dark, string expected)
    {
        RenderFragment body = b => b.AddContent(0, "page body");
        var cut = _host.Context.Render<MainLayout>(p => p.Add(l => l.Body, body).AddCascadingValue(new ViewerSettings(TimeZoneInfo.Utc, dark)));
        Assert.Equal(expected, cut.Find(".mud-layout").GetAttribute("data-theme"));
    }
}
