using Bunit;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Layout;
using Dashboard.Core.Ingestion;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Tests.Components;

public sealed class LayoutAndFormatTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void App_bar_shows_the_mqtt_source_state_and_follows_it()
    {
        _host.Diagnostics.AddSource("webhook", "POST /api/ingest/emqx").SetState(IngestSourceState.Connected, DashboardTestHost.Start);
        var mqtt = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883");
        mqtt.SetState(IngestSourceState.Connecting, DashboardTestHost.Start);

        var cut = _host.Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        var chip = cut.Find("[data-testid=source-state]");
        Assert.Equal("connecting", chip.GetAttribute("data-state"));
        Assert.Contains("MQTT: connecting", chip.TextContent, StringComparison.Ordinal);
        Assert.Contains("page body", cut.Markup, StringComparison.Ordinal);
        // Every page in the nav (other pages may join them): checked by link, not by count.
        var links = cut.FindAll("a.mud-nav-link").Select(a => a.GetAttribute("href")).ToList();
        Assert.Subset(links.ToHashSet(), new HashSet<string?> { "", "clients", "reasons", "diagnostics" });

        mqtt.SetState(IngestSourceState.Disconnected, DashboardTestHost.Start);
        mqtt.RecordError("Connection refused", DashboardTestHost.Start);
        _host.Time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.Equal("disconnected", cut.Find("[data-testid=source-state]").GetAttribute("data-state")), DashboardTestHost.Wait);
        Assert.Contains("Connection refused", cut.Find("[data-testid=source-state]").GetAttribute("title"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.1", 1883, "10.0.0.1:1883")]
    [InlineData("2001:db8::1", 50622, "[2001:db8::1]:50622")]
    [InlineData("2001:db8::1", null, "2001:db8::1")]
    [InlineData(null, 1883, "—")]
    public void Formats_peers(string? ip, int? port, string expected) => Assert.Equal(expected, DisplayFormat.Peer(ip, port));

    [Theory]
    [InlineData(3, "3.1")]
    [InlineData(4, "3.1.1")]
    [InlineData(5, "5.0")]
    [InlineData(6, "6")]
    [InlineData(null, "—")]
    public void Formats_protocol_versions(int? protoVer, string expected) => Assert.Equal(expected, DisplayFormat.Protocol(protoVer));

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(-5, "just now")]
    [InlineData(3, "3 s ago")]
    [InlineData(59, "59 s ago")]
    [InlineData(60, "1 min ago")]
    [InlineData(3599, "59 min ago")]
    [InlineData(3600, "1 h ago")]
    [InlineData(7500, "2 h 5 min ago")]
    [InlineData(90000, "1 d 1 h ago")]
    public void Formats_relative_times(int secondsAgo, string expected)
    {
        var now = DashboardTestHost.Start;
        Assert.Equal(expected, DisplayFormat.Relative(now.AddSeconds(-secondsAgo), now));
    }

    [Fact]
    public void Formats_exact_times_as_utc_iso()
    {
        var at = new DateTimeOffset(2025, 5, 1, 14, 0, 3, 250, TimeSpan.FromHours(2));
        Assert.Equal("2025-05-01T12:00:03.250Z", DisplayFormat.UtcIso(at));
        Assert.Equal(string.Empty, DisplayFormat.UtcIso(null));
    }
}
