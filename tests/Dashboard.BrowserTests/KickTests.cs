using System.Globalization;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Playwright;
using MQTTnet;
using MQTTnet.Formatter;

namespace Dashboard.BrowserTests;

/// <summary>
/// Kicking from the drill-down in demo mode, end to end: a real MQTT device on the embedded broker,
/// the Kick button and its confirmation in Chromium, the demo EMQX API's DELETE, and the <c>kicked</c>
/// disconnect arriving as a normal event and showing on the same page.
/// </summary>
public sealed class KickTests : IAsyncLifetime
{
    private const string DeviceId = "kick me/ü 1";

    // Expectations wait as long as the page's own actions (the machine is shared and busy).
    private static readonly LocatorAssertionsToHaveTextOptions Shows = new() { Timeout = 15_000 };
    private static readonly LocatorAssertionsToContainTextOptions Contains = new() { Timeout = 15_000 };

    private readonly int _brokerPort = FreePort.Next();
    private readonly string _home = Directory.CreateTempSubdirectory("chromium-home-").FullName;
    private DashboardApp _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        // Auth:Mode none (the test host): the one local user, an admin, may kick.
        _app = new DashboardApp(DashboardApp.DemoSettings(_brokerPort));
        await _app.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserApp.LaunchChromiumAsync(_playwright, _home);
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task Kicking_from_the_drill_down_disconnects_the_device_and_the_kicked_event_shows()
    {
        using var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _brokerPort)
            .WithClientId(DeviceId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build());
        var context = await _browser.NewContextAsync(new() { BaseURL = _app.BaseAddress.ToString() });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await BrowserApp.GotoLiveAsync(page, "/" + ClientLinks.Detail(DeviceId));
        await Assertions.Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("online", Shows);
        await page.GetByTestId("kick-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("kick-dialog-id")).ToHaveTextAsync(DeviceId, Shows);
        await page.GetByTestId("kick-confirm").ClickAsync();

        await Assertions.Expect(page.GetByTestId("kick-outcome")).ToContainTextAsync("Kicked", Contains);
        await Assertions.Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("offline", Shows);
        await Assertions.Expect(page.GetByTestId("status-reason")).ToHaveTextAsync("kicked", Shows);
        Assert.False(device.IsConnected);
    }
}
