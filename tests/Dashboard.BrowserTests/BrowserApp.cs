using System.Text.Json.Nodes;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// One mosquitto, one dashboard reading it (real Kestrel on a free 127.0.0.1 port), one publisher
/// and one headless Debian Chromium, shared by a test class. Each test opens its own page.
/// The dashboard can be stopped and started again (<see cref="StopAppAsync"/>, <see cref="StartAppAsync"/>) the way an
/// operator restarts the service: same port, same history directory, same MQTT client ID (so the
/// broker keeps the session and queues what is published while it is down).
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright's own browser downloads are not used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private readonly MosquittoBroker _broker = new();

    // What survives a restart of the app: the address the browser has open, the history on disk
    // and the broker session.
    private readonly int _port = FreePort.Next();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("dashboard-browser-history-").FullName;
    private readonly string _mqttClientId = "dashboard-browser-" + Guid.NewGuid().ToString("N");

    // Chromium writes under HOME (crash reports, caches): give it one of its own.
    private readonly string _home = Directory.CreateTempSubdirectory("chromium-home-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private EventPublisher? _publisher;

    /// <summary>The running dashboard; a new instance after each restart.</summary>
    public DashboardApp App { get; private set; } = null!;

    /// <summary>Where the browser finds the dashboard; the same across restarts.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{_port}");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/test.sh, which installs Debian's chromium.");
        }

        await _broker.InitializeAsync();
        await StartAppAsync();
        _publisher = await EventPublisher.ConnectAsync(_broker);
        _playwright = await Playwright.CreateAsync();
        _browser = await LaunchChromiumAsync(_playwright, _home);
    }

    /// <summary>How long an <c>Expect</c> waits for the page to reach a state: patience, not a speed requirement.</summary>
    /// <remarks>
    /// Playwright's 5 s default was too short on a loaded 2-core machine: a click's round trip through the circuit
    /// (event, render, navigation) took longer there, and tests failed on a state the page reached a moment later.
    /// </remarks>
    public const float ExpectTimeoutMs = 15_000;

    /// <summary>Debian's Chromium with its own <paramref name="home"/> (it writes crash reports and caches there).</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright, string home)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        environment["HOME"] = home;
        return playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Args = ChromiumArgs, Env = environment });
    }

    /// <summary>Stops the dashboard (as a service stop does: the host shuts down and its port closes).</summary>
    public async Task StopAppAsync()
    {
        await App.DisposeAsync();
        App = null!;
    }

    /// <summary>Starts the dashboard on the same port with the same history and broker session.</summary>
    public async Task StartAppAsync()
    {
        // DashboardApp listens on a port of its own too; the browser uses this fixed one, bound
        // through Kestrel's endpoint settings, which it adds to the ports set in code.
        App = new DashboardApp(_broker, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Browser:Url"] = BaseAddress.ToString(),
            ["History:DataDirectory"] = _dataDirectory,
            ["Mqtt:ClientId"] = _mqttClientId,
        });
        await App.StartAsync();
    }

    /// <summary>A new page (own context, so own cookies) at the given size, in the given IANA time zone (default: the machine's) and remembered theme ("dark"/"light"; default: none chosen); the caller closes it.</summary>
    public async Task<IPage> NewPageAsync(int width = 1600, int height = 1000, string? timeZone = null, string? theme = null)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            BaseURL = BaseAddress.ToString(),
            TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(15_000);
        if (theme is not null)
        {
            // As if this browser had chosen it with the toggle before.
            await context.AddCookiesAsync([new() { Name = ViewerSettings.ThemeCookie, Value = theme, Url = BaseAddress.ToString() }]);
        }

        return await context.NewPageAsync();
    }

    /// <summary>
    /// Opens a page and waits until Blazor's circuit is up, so the page is interactive and live:
    /// the prerendered HTML comes first, then the circuit's WebSocket carries render batches.
    /// </summary>
    public async Task<IPage> OpenAsync(string path, int width = 1600, int height = 1000, string? timeZone = null, string? theme = null)
    {
        var page = await NewPageAsync(width, height, timeZone, theme);
        await GotoLiveAsync(page, path);
        return page;
    }

    /// <summary>Navigates <paramref name="page"/> (set up by the caller, e.g. with listeners) and waits for the circuit, as <see cref="OpenAsync"/> does.</summary>
    public static async Task<IResponse?> GotoLiveAsync(IPage page, string path)
    {
        var frames = 0;
        var rendered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("_blazor", StringComparison.Ordinal))
            {
                socket.FrameReceived += (_, _) =>
                {
                    // The handshake reply, then the circuit's first render batches.
                    if (Interlocked.Increment(ref frames) >= 3)
                    {
                        rendered.TrySetResult();
                    }
                };
            }
        };
        var response = await page.GotoAsync(path);
        await rendered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Task.Delay(300);
        return response;
    }

    public static async Task ScreenshotAsync(IPage page, string flow)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, flow + ".png"), FullPage = true });
    }

    public Task PublishAsync(string topic, string payload) => _publisher!.PublishAsync(topic, payload);

    /// <summary>The EMQX client.connected fixture, for this client, peer and time (and node, if given).</summary>
    public Task ConnectAsync(string clientId, string peerIp, int port, long connectedAt, string? node = null)
    {
        var payload = JsonNode.Parse(Fixtures.Read("client_connected.json"))!;
        if (node is not null)
        {
            payload["node"] = node;
        }

        payload["clientid"] = clientId;
        payload["peername"] = $"{peerIp}:{port}";
        payload["connected_at"] = connectedAt;
        payload["timestamp"] = connectedAt + 2;
        return PublishAsync("client_connected", payload.ToJsonString());
    }

    /// <summary>The EMQX client.disconnected fixture with the given reason, ending the session that began at connectedAt.</summary>
    public Task DisconnectAsync(string clientId, string peerIp, int port, long connectedAt, long disconnectedAt, string reason, string? node = null)
    {
        var payload = JsonNode.Parse(Fixtures.Read("client_disconnected_takenover.json"))!;
        if (node is not null)
        {
            payload["node"] = node;
        }

        payload["clientid"] = clientId;
        payload["peername"] = $"{peerIp}:{port}";
        payload["reason"] = reason;
        payload["connected_at"] = connectedAt;
        payload["disconnected_at"] = disconnectedAt;
        payload["timestamp"] = disconnectedAt + 2;
        return PublishAsync("client_disconnected", payload.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await _broker.DisposeAsync();
        Directory.Delete(_home, recursive: true);
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
