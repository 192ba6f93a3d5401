using Bunit;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Moment;
using Dashboard.Components.Pages;
using Dashboard.Core.History;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>Overview at a past moment: the "at" URL parameter, the time control, the banner and the way back to live.</summary>
public sealed partial class MomentTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateTimeOffset T0 = new(2025, 6, 10, 10, 0, 0, TimeSpan.Zero);

    private readonly DashboardTestHost _host = new();
    private readonly InMemoryHistoryStore _store = new();

    public Task InitializeAsync()
    {
        _host.Context.Services.AddSingleton<IHistoryStore>(_store);

        // a: 10:00:00 to 10:01:00 (keepalive_timeout); b: from 10:00:01; c: from 10:02:00.
        var a = TestEvents.Connected("plant/a", T0);
        _store.Add(
            a,
            TestEvents.Connected("plant/b", T0.AddSeconds(1)),
            TestEvents.Disconnected(a, T0.AddMinutes(1), "keepalive_timeout"),
            TestEvents.Connected("plant/c", T0.AddMinutes(2)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private NavigationManager Navigation => _host.Context.Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void At_a_moment_the_overview_shows_who_was_online_and_who_went_offline_in_the_viewers_time()
    {
        var cut = RenderOverview("?at=2025-06-10T10:00:30Z");

        cut.WaitForAssertion(() => Assert.Equal(["plant/a", "plant/b"], Texts(cut, "moment-online-client")), DashboardTestHost.Wait);
        Assert.Equal("As of 2025-06-10 19:00:30, your time", cut.Find("[data-testid=moment-banner-text]").TextContent.Trim());
        Assert.Equal(["keepalive_timeout"], Texts(cut, "moment-offline-reason"));
        Assert.Equal("2025-06-10T19:00:30", cut.Find("[data-testid=time-input]").GetAttribute("value"));
    }

    [Fact]
    public void Back_to_live_leaves_the_moment_out_of_the_url()
    {
        var cut = RenderOverview("?at=2025-06-10T10:00:30Z");

        cut.Find("[data-testid=moment-live]").Click();

        Assert.DoesNotContain("at=", new Uri(Navigation.Uri).Query, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=moment-banner]")), DashboardTestHost.Wait);
    }

    [Fact]
    public void The_time_control_puts_the_moment_in_the_url_in_utc_and_the_page_follows_back_and_forth()
    {
        var cut = RenderOverview("");
        Assert.Empty(cut.FindAll("[data-testid=moment-banner]"));

        cut.Find("[data-testid=time-input]").Change("2025-06-10T19:01:30");
        cut.Find("[data-testid=time-control]").Submit();

        Assert.EndsWith("?at=2025-06-10T10%3A01%3A30Z", Navigation.Uri, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Equal(["plant/b"], Texts(cut, "moment-online-client")), DashboardTestHost.Wait);

        // Another moment (a pasted link, or forward): the page reads it from the URL.
        Navigation.NavigateTo("/?at=2025-06-10T10:05:00Z");
        cut.WaitForAssertion(() => Assert.Equal(["plant/b", "plant/c"], Texts(cut, "moment-online-client")), DashboardTestHost.Wait);
        Assert.Equal("As of 2025-06-10 19:05:00, your time", cut.Find("[data-testid=moment-banner-text]").TextContent.Trim());
    }

    [Fact]
    public void A_time_the_control_cannot_read_is_said_and_changes_nothing()
    {
        var cut = RenderOverview("");
        var before = Navigation.Uri;

        cut.Find("[data-testid=time-input]").Change("tomorrow");
        cut.Find("[data-testid=time-control]").Submit();

        Assert.Equal(before, Navigation.Uri);
        Assert.NotEmpty(cut.FindAll("[data-testid=time-invalid]"));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("1999-12-31T00:00:00Z")]
    [InlineData("99999999999999999999")]
    public void A_bad_moment_in_the_url_opens_the_live_page(string at)
    {
        var cut = RenderOverview("?at=" + Uri.EscapeDataString(at));

        Assert.Empty(cut.FindAll("[data-testid=moment-banner]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=online-count]"));
    }

    [Fact]
    public void The_parameter_round_trips_and_reads_offsets_and_milliseconds()
    {
        var at = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(at, MomentParameter.Parse(MomentParameter.Format(at)));
        Assert.Equal(at, MomentParameter.Parse("2026-11-28T11:00:00+01:00"));
        Assert.Equal(at, MomentParameter.Parse(at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(at, MomentParameter.FromLocalInput(MomentParameter.ToLocalInput(at, Tokyo), Tokyo));

        // 02:30 on the last Sunday of March does not exist in Berlin.
        Assert.Null(MomentParameter.FromLocalInput("2026-03-29T02:30", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")));
    }

    private IRenderedComponent<Overview> RenderOverview(string query) => Render<Overview>("/" + query);
}
