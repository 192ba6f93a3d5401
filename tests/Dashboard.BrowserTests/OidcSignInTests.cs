using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// <c>Auth:Mode=oidc</c> in a real Chromium against a real provider (oidc-provider under node):
/// signing in through its login and consent pages as a viewer and as an operator, with a finding
/// on the Conflicts page that only the operator is offered to acknowledge.
/// </summary>
public sealed partial class OidcSignInTests : IAsyncLifetime
{
    private const string ClientId = "shared-cam-7";
    private readonly string _home = Directory.CreateTempSubdirectory("chromium-home-").FullName;
    private DashboardApp _app = null!;
    private OidcTestProvider _provider = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        var providerPort = FreePort.Next();
        var settings = OidcTestProvider.DashboardSettings(providerPort);
        settings["Mqtt:Enabled"] = "false";
        _app = new DashboardApp(settings);
        _provider = await OidcTestProvider.StartAsync(providerPort, _app.BaseAddress);
        _app.StartServer();
        await PostTakeoverLoopAsync();

        _playwright = await Playwright.CreateAsync();
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        environment["HOME"] = _home;

        // The provider's development pages import a web font; nothing but loopback is reachable here.
        string[] args = [.. BrowserApp.ChromiumArgs, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"];
        Assertions.SetDefaultExpectTimeout(BrowserApp.ExpectTimeoutMs);
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = BrowserApp.ChromiumPath, Args = args, Env = environment });
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task A_viewer_signs_in_at_the_provider_and_is_not_offered_to_acknowledge()
    {
        var page = await SignInAsync("viewer", "/conflicts");

        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("viewer");
        var finding = page.Locator($"[data-testid=finding][data-client=\"{ClientId}\"]");
        await Assertions.Expect(finding).ToBeVisibleAsync();
        await ExpandAsync(finding);
        await Assertions.Expect(finding.GetByTestId("ack")).ToBeAttachedAsync();
        await Assertions.Expect(finding.GetByTestId("ack-button")).ToHaveCountAsync(0);

        // The server refuses the viewer too, not only the page: a direct POST with the session cookie.
        var response = await page.APIRequest.PostAsync("/api/conflicts/f-none/acknowledge", new() { DataObject = new { note = "sneaky" } });
        Assert.Equal(403, response.Status);
    }

    [Fact]
    public async Task An_operator_signs_in_at_the_provider_and_is_offered_to_acknowledge()
    {
        var page = await SignInAsync("operator", "/conflicts");

        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("operator");
        var finding = page.Locator($"[data-testid=finding][data-client=\"{ClientId}\"]");
        await ExpandAsync(finding);
        await Assertions.Expect(finding.GetByTestId("ack-button")).ToBeVisibleAsync();
    }

    /// <summary>Opens <paramref name="path"/>, signs in on the provider's pages as <paramref name="user"/> and comes back.</summary>
    private async Task<IPage> SignInAsync(string user, string path)
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = _app.BaseAddress.ToString() });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync(path);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"^http://127\\.0\\.0\\.1:{_provider.Port}/interaction/"));
        await page.Locator("input[name=login]").FillAsync(user);
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("input[name=prompt][value=consent]")).ToBeAttachedAsync();
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(_app.BaseAddress, path).ToString());
        return page;
    }

    /// <summary>
    /// Opens a finding's row. The page comes back from the provider prerendered, and a click before its circuit is up
    /// does nothing; so click until the row says it is open.
    /// </summary>
    private static async Task ExpandAsync(ILocator finding)
    {
        var expand = finding.GetByTestId("finding-expand");
        for (var attempt = 0; attempt < 30 && await expand.GetAttributeAsync("aria-expanded") != "true"; attempt++)
        {
            await expand.ClickAsync();
            await Task.Delay(500);
        }

        await Assertions.Expect(expand).ToHaveAttributeAsync("aria-expanded", "true");
    }

    /// <summary>Two devices take one client ID from each other five times, through the webhook: a conflict.</summary>
    private async Task PostTakeoverLoopAsync()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i <= 5; i++)
        {
            if (i > 0)
            {
                var ended = JsonNode.Parse(Fixtures.Read("client_disconnected_takenover.json"))!;
                ended["clientid"] = ClientId;
                ended["peername"] = $"10.0.0.{2 + ((i - 1) % 2)}:{40000 + i - 1}";
                ended["connected_at"] = now + ((i - 1) * 100);
                ended["disconnected_at"] = now + (i * 100);
                ended["timestamp"] = now + (i * 100) + 2;
                using var disconnected = await _app.PostToWebhookAsync(ended.ToJsonString());
                disconnected.EnsureSuccessStatusCode();
            }

            var started = JsonNode.Parse(Fixtures.Read("client_connected.json"))!;
            started["clientid"] = ClientId;
            started["peername"] = $"10.0.0.{2 + (i % 2)}:{40000 + i}";
            started["connected_at"] = now + (i * 100);
            started["timestamp"] = now + (i * 100) + 2;
            using var connected = await _app.PostToWebhookAsync(started.ToJsonString());
            connected.EnsureSuccessStatusCode();
        }
    }
}
