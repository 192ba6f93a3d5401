using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Two instances behind Debian's nginx running <c>docs/deploy/nginx.conf</c> (see
/// <see cref="NginxProxy"/>), as a browser meets them, without a browser: each browser (cookie
/// jar) stays on one instance and different browsers reach both; the sign-in cookie is Secure
/// (the proxy's X-Forwarded-Proto is believed); the Blazor circuit's and the live hub's negotiate
/// and WebSocket upgrade pass, the WebSocket landing on the instance that negotiated.
/// </summary>
[Collection(TwoInstancesAlone.Name)]
public sealed class BehindNginxTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private const string Token = "token-for-the-nginx-test-0123456789-abcdef";

    [Fact]
    public async Task Through_the_documented_nginx_a_browser_stays_on_one_instance_and_its_websockets_pass()
    {
        await using var a = await DashboardProcess.StartAsync(Settings("a"), untilSubscribed: false);
        await using var b = await DashboardProcess.StartAsync(Settings("b"), untilSubscribed: false);
        await using var nginx = await NginxProxy.StartAsync(a.BaseAddress, b.BaseAddress);

        var reached = new HashSet<string>();
        for (var i = 0; i < 12; i++)
        {
            using var browser = await Browser.SignInAsync(nginx);
            var instances = new HashSet<string>();
            for (var request = 0; request < 5; request++)
            {
                instances.Add(await browser.InstanceAsync());
            }

            Assert.Single(instances);
            reached.UnionWith(instances);
        }

        // Twelve browsers all on one instance would happen one time in 2,048 with an even spread.
        Assert.Equal(2, reached.Count);

        using var one = await Browser.SignInAsync(nginx);
        await one.OpenWebSocketAsync("/_blazor", "blazorpack");
        await one.OpenWebSocketAsync("/hubs/live", "json");
    }

    private Dictionary<string, string> Settings(string name) => new()
    {
        ["Mqtt:Host"] = broker.Host,
        ["Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
        ["Mqtt:ClientId"] = "nginx-test-" + name,
        ["History:Provider"] = "none",
        ["Webhook:Enabled"] = "false",
        ["Auth:Mode"] = "token",
        ["Auth:Token"] = Token,
        ["Proxy:KnownProxies:0"] = "127.0.0.1",
    };

    /// <summary>A browser's cookie jar and connections through the proxy (trusting the test proxy's self-signed certificate only).</summary>
    private sealed class Browser : IDisposable
    {
        private readonly CookieContainer _cookies = new();
        private readonly HttpClient _http;
        private readonly Uri _baseAddress;
        private readonly string _certificateHash;

        private Browser(NginxProxy proxy)
        {
            _baseAddress = proxy.BaseAddress;
            _certificateHash = proxy.CertificateHash;
            _http = new HttpClient(new HttpClientHandler
            {
                CookieContainer = _cookies,
                AllowAutoRedirect = false,
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) => IsTheProxys(certificate),
            })
            { BaseAddress = _baseAddress };
        }

        public static async Task<Browser> SignInAsync(NginxProxy proxy)
        {
            var browser = new Browser(proxy);
            var baseAddress = proxy.BaseAddress;
            using var signIn = await browser._http.GetAsync("/login?t=" + Uri.EscapeDataString(Token));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            var cookies = browser._cookies.GetCookies(baseAddress);
            Assert.True(cookies["dashboard_route"]?.Secure, "nginx set its Secure route cookie");
            Assert.True(cookies[".Dashboard.SignIn"]?.Secure, "the app saw https through the proxy and made its cookie Secure");
            return browser;
        }

        /// <summary>Which instance answered: its MQTT source names its own client ID.</summary>
        public async Task<string> InstanceAsync()
        {
            var status = await _http.GetFromJsonAsync<Api.IngestStatusDto>("/api/ingest/status", DashboardApp.Json);
            var description = status!.Sources.Single(s => s.Name == "mqtt").Description;
            return description.Contains("nginx-test-a", StringComparison.Ordinal) ? "a"
                : description.Contains("nginx-test-b", StringComparison.Ordinal) ? "b"
                : throw new InvalidOperationException("unknown instance: " + description);
        }

        /// <summary>
        /// Negotiates, opens the WebSocket with the connection token and completes SignalR's
        /// handshake: the token is known only to the instance that negotiated, so this passes
        /// only if nginx upgraded the connection and sent it to that same instance.
        /// </summary>
        public async Task OpenWebSocketAsync(string path, string protocol)
        {
            using var negotiate = await _http.PostAsync(path + "/negotiate?negotiateVersion=1", null);
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
            using var body = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync());
            var token = body.RootElement.GetProperty("connectionToken").GetString();

            using var socket = new ClientWebSocket();
            socket.Options.Cookies = _cookies;
            socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => IsTheProxys(certificate);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var uri = new UriBuilder(_baseAddress) { Scheme = "wss", Path = path, Query = "id=" + Uri.EscapeDataString(token!) }.Uri;
            await socket.ConnectAsync(uri, timeout.Token);

            await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"protocol":"{{protocol}}","version":1}""" + "\u001e"), WebSocketMessageType.Text, true, timeout.Token);
            var buffer = new byte[4096];
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal("{}\u001e", Encoding.UTF8.GetString(buffer, 0, received.Count));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }

        /// <summary>The test proxy's self-signed certificate and no other.</summary>
        private bool IsTheProxys(System.Security.Cryptography.X509Certificates.X509Certificate? certificate) =>
            certificate is not null && string.Equals(certificate.GetCertHashString(), _certificateHash, StringComparison.OrdinalIgnoreCase);

        public void Dispose() => _http.Dispose();
    }
}
