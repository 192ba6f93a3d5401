using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dashboard.Api;
using System.Text;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>
/// A full run of the real app as a process (demo mode: broker, fleet, EMQX API; PostgreSQL history;
/// token sign-in and API keys) with every kind of secret configured, a few requests that handle
/// them (right and wrong), and then the whole of stdout and stderr searched for each secret.
/// Demo mode reads its own broker without credentials, so the MQTT password has its own run
/// against a real mosquitto.
/// </summary>
public sealed class SecretsInLogsTests(PostgresServer postgres, MosquittoBroker broker) : IClassFixture<PostgresServer>, IClassFixture<MosquittoBroker>
{
    private const string DemoApiKey = "demo-api-key";
    private const string EmqxApiSecret = "emqx-api-secret-0123456789-abcdef";
    private const string WebhookSecret = "webhook-secret-0123456789-abcdef";
    private const string MqttPassword = "mqtt-password-0123456789-abcdef";
    private const string SignInToken = "sign-in-token-0123456789-abcdefghijkl";
    private const string ViewerKey = "viewer-key-0123456789-abcdefghijklmno";
    private const string OperatorKey = "operator-key-0123456789-abcdefghijklm";
    private const string OidcClientSecret = "oidc-client-secret-0123456789-abcdef";
    private const string DatabasePassword = "database-password-0123456789-abcdef";

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task No_configured_secret_appears_in_the_output_of_a_full_run(string format)
    {
        var apiPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var connectionString = await postgres.CreateDatabaseAsync() + ";Password=" + DatabasePassword;
        var secrets = new[]
        {
            EmqxApiSecret, WebhookSecret, MqttPassword, SignInToken, ViewerKey, OperatorKey, OidcClientSecret, DatabasePassword,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DemoApiKey}:{EmqxApiSecret}")),
        };

        await using var app = await DashboardProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging:Format"] = format,
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Debug",
            ["Demo:Enabled"] = "true",
            ["Demo:FleetSize"] = "5",
            ["Demo:BrokerPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Demo:ApiPort"] = apiPort,
            ["Demo:ApiSecret"] = EmqxApiSecret,
            ["Emqx:ApiUrl"] = $"http://127.0.0.1:{apiPort}",
            ["Emqx:ApiKey"] = DemoApiKey,
            ["Emqx:ApiSecret"] = EmqxApiSecret,
            ["Mqtt:Password"] = MqttPassword,
            ["Webhook:Secret"] = WebhookSecret,
            ["Auth:Mode"] = "token",
            ["Auth:Token"] = SignInToken,
            ["Auth:ApiKeys:noc:Key"] = ViewerKey,
            ["Auth:ApiKeys:noc:Role"] = "viewer",
            ["Auth:ApiKeys:ops:Key"] = OperatorKey,
            ["Auth:ApiKeys:ops:Role"] = "operator",
            ["Auth:Oidc:ClientSecret"] = OidcClientSecret,
            ["History:Provider"] = "postgres",
            ["History:ConnectionString"] = connectionString,
        }, untilSubscribed: false);

        // The fleet's events flow in (through the MQTT source) before anything else.
        using (var viewer = Client(app, ViewerKey))
        {
            await Eventually.HoldsAsync(() => viewer.GetFromJsonAsync<ClientPageDto>("/api/clients", DashboardApp.Json), p => p?.Total > 0, "the demo fleet is seen");
        }

        // Each secret handled, right and wrong.
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(app, "/api/clients", "wrong-key-0123456789-abcdefghijklmnopq"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, "/api/clients", ViewerKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(app, "/api/ingest/emqx", "wrong-webhook-secret-0123456789"));
        Assert.NotEqual(HttpStatusCode.Unauthorized, await PostAsync(app, "/api/ingest/emqx", WebhookSecret));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(app, "/api/emqx/reconcile", OperatorKey));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, "/api/emqx/status", ViewerKey));
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress })
        {
            // Secrets in a query string too: a wallboard link's key, a hub's access_token (as SignalR sends it over WebSockets).
            (await browser.GetAsync("/wallboard?key=" + ViewerKey)).Dispose();
            (await browser.PostAsync("/hubs/live/negotiate?negotiateVersion=1&access_token=" + ViewerKey, null)).Dispose();
            (await browser.GetAsync("/login?t=wrong-token-0123456789-abcdefghijklmn")).Dispose();
            using var signIn = await browser.GetAsync("/login?t=" + SignInToken);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        await app.StopAsync();

        Assert.Contains(app.Stdout, l => l.Contains("/login with the configured Auth:Token", StringComparison.Ordinal));
        AssertNoneIn(app, format, secrets);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task The_mqtt_password_sent_to_a_real_broker_is_not_in_the_output(string format)
    {
        // mosquitto here allows anonymous clients, and then accepts any username and password: the
        // dashboard really sends them in its CONNECT.
        await using var app = await DashboardProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging:Format"] = format,
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Mqtt:Host"] = broker.Host,
            ["Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ClientId"] = "dashboard-secrets-" + format,
            ["Mqtt:Username"] = "dashboard",
            ["Mqtt:Password"] = MqttPassword,
            ["History:Provider"] = "none",
        });
        await app.StopAsync();

        Assert.Contains(broker.Log, l => l.Contains("dashboard-secrets-" + format, StringComparison.Ordinal) && l.Contains("u'dashboard'", StringComparison.Ordinal));
        AssertNoneIn(app, format, [MqttPassword]);
    }

    private static void AssertNoneIn(DashboardProcess app, string format, IEnumerable<string> secrets)
    {
        var output = app.Stdout.Concat(app.Stderr).ToArray();
        Assert.NotEmpty(output);
        foreach (var secret in secrets)
        {
            var leaks = output.Where(l => l.Contains(secret, StringComparison.Ordinal)).ToArray();
            Assert.True(leaks.Length == 0, $"A secret in the output ({format}):\n{string.Join('\n', leaks)}");
        }
    }

    private static async Task<HttpStatusCode> GetAsync(DashboardProcess app, string path, string key)
    {
        using var http = Client(app, key);
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> PostAsync(DashboardProcess app, string path, string key)
    {
        using var http = Client(app, key);
        using var response = await http.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    private static HttpClient Client(DashboardProcess app, string key)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }
}
