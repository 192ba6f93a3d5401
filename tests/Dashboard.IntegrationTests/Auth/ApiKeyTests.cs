using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Live;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration.Auth;

/// <summary>API keys on REST and the live hub, the wallboard key, and secrets kept out of the log.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private AuthApp _auth = null!;

    public Task InitializeAsync()
    {
        _auth = AuthApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _auth.DisposeAsync();

    [Theory]
    [InlineData(AuthApp.ViewerKey, HttpStatusCode.OK)]
    [InlineData(AuthApp.OperatorKey, HttpStatusCode.OK)]
    [InlineData(AuthApp.AdminKey, HttpStatusCode.OK)]
    [InlineData(AuthApp.WallboardKey, HttpStatusCode.Forbidden)]
    [InlineData("wrong-key-wrong-key-wrong-key-wrong-key", HttpStatusCode.Unauthorized)]
    public async Task A_bearer_key_reads_the_api_by_its_role(string key, HttpStatusCode expected)
    {
        using var http = _auth.WithKey(key);

        using var response = await http.GetAsync("/api/clients");

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData(AuthApp.ViewerKey, HttpStatusCode.OK)]
    [InlineData(AuthApp.AdminKey, HttpStatusCode.OK)]
    [InlineData(AuthApp.WallboardKey, HttpStatusCode.Forbidden)]
    [InlineData("wrong-key-wrong-key-wrong-key-wrong-key", HttpStatusCode.Unauthorized)]
    public async Task A_bearer_key_opens_the_refused_connections_page_by_its_role(string key, HttpStatusCode expected)
    {
        using var http = _auth.WithKey(key);

        using var response = await http.GetAsync("/refused?clientId=%3Cscript%3E");

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(expected == HttpStatusCode.OK, body.Contains("Recent attempts", StringComparison.Ordinal));
        Assert.DoesNotContain("<script>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_the_refused_connections_page_sends_a_browser_to_sign_in()
    {
        using var http = _auth.Browser(out _);

        using var response = await http.GetAsync("/refused");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login?returnUrl=%2Frefused", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuthApp.ViewerKey, HttpStatusCode.Forbidden)]
    [InlineData(AuthApp.WallboardKey, HttpStatusCode.Forbidden)]
    [InlineData(AuthApp.OperatorKey, HttpStatusCode.NotFound)]
    [InlineData(AuthApp.AdminKey, HttpStatusCode.NotFound)]
    public async Task Only_an_operator_may_acknowledge_a_finding(string key, HttpStatusCode expected)
    {
        using var http = _auth.WithKey(key);

        // No finding has this key: an operator gets past the policy to the 404; a viewer is stopped before it.
        using var response = await http.PostAsJsonAsync("/api/conflicts/f-none/acknowledge", new { note = "on it" });

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_operator_key_acknowledges_a_real_finding_as_its_key_name_and_a_viewer_key_cannot()
    {
        (await _auth.App.PostToWebhookAsync(WebhookLines.Swaps("shared-ops-1", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        using var viewer = _auth.WithKey(AuthApp.ViewerKey);
        var key = await Eventually.HoldsAsync(
            async () => (await viewer.GetFromJsonAsync<JsonElement[]>("/api/conflicts"))!
                .Where(f => f.GetProperty("clientId").GetString() == "shared-ops-1").Select(f => f.GetProperty("key").GetString()).FirstOrDefault(),
            k => k is not null,
            "a finding for shared-ops-1 is active");

        using var refused = await viewer.PostAsJsonAsync($"/api/conflicts/{key}/acknowledge", new { note = "mine" });
        using var ops = _auth.WithKey(AuthApp.OperatorKey);
        using var accepted = await ops.PostAsJsonAsync($"/api/conflicts/{key}/acknowledge", new { note = "renaming one camera" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var ack = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("key:ops", "operator", "renaming one camera"), (ack.GetProperty("by").GetString(), ack.GetProperty("role").GetString(), ack.GetProperty("note").GetString()));
    }

    [Theory]
    [InlineData(AuthApp.ViewerKey, HttpStatusCode.Forbidden)]
    [InlineData(AuthApp.OperatorKey, HttpStatusCode.Forbidden)]
    [InlineData(AuthApp.AdminKey, HttpStatusCode.OK)]
    public async Task Only_an_admin_reads_the_audit_log(string key, HttpStatusCode expected)
    {
        using var http = _auth.WithKey(key);

        using var response = await http.GetAsync("/api/audit");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Sign_ins_are_audited_with_their_address_and_never_the_secret()
    {
        using var browser = _auth.Browser(out _);
        (await browser.GetAsync("/login?t=not-the-token-not-the-token-not-the-token")).Dispose();
        (await browser.GetAsync("/login?t=" + AuthApp.Token)).Dispose();
        (await browser.GetAsync("/wallboard?key=" + AuthApp.WallboardKey)).Dispose();
        using var admin = _auth.WithKey(AuthApp.AdminKey);

        var audit = await admin.GetStringAsync("/api/audit");

        using var rows = JsonDocument.Parse(audit);
        var signIns = rows.RootElement.EnumerateArray()
            .Where(r => r.GetProperty("action").GetString() == "sign-in")
            .Select(r => (Actor: r.GetProperty("actor").GetString(), Role: r.GetProperty("role").GetString(), Outcome: r.GetProperty("outcome").GetString(), Detail: r.GetProperty("detail").GetString()))
            .OrderBy(r => r.Actor, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
            [("(wrong secret)", "none", "failure"), ("token", "admin", "success"), ("wallboard key", "wallboard", "success")],
            signIns.Select(r => (r.Actor, r.Role, r.Outcome)).ToArray());
        Assert.All(signIns, r => Assert.Equal("from 127.0.0.1", r.Detail));
        Assert.All(AuthApp.Secrets, secret => Assert.DoesNotContain(secret, audit, StringComparison.Ordinal));
        Assert.DoesNotContain("not-the-token", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wallboard_key_opens_the_wallboard_alone_through_its_link()
    {
        using var http = _auth.Browser(out _);

        using var link = await http.GetAsync($"/wallboard?key={AuthApp.WallboardKey}&dark=true");
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal("/wallboard?dark=true", link.Headers.Location?.OriginalString);

        using var wallboard = await http.GetAsync("/wallboard?dark=true");
        Assert.Equal(HttpStatusCode.OK, wallboard.StatusCode);
        Assert.Contains("data-testid=\"wallboard\"", await wallboard.Content.ReadAsStringAsync());

        using var clients = await http.GetAsync("/clients");
        Assert.Equal(HttpStatusCode.Forbidden, clients.StatusCode);
        using var api = await http.GetAsync("/api/clients");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);

        // Its circuit may start (the wallboard is live), through the same cookie.
        using var circuit = await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, circuit.StatusCode);
        using var hub = await http.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Forbidden, hub.StatusCode);
    }

    [Theory]
    [InlineData(AuthApp.ViewerKey)]
    [InlineData("wrong-key-wrong-key-wrong-key-wrong-key")]
    public async Task Only_a_wallboard_key_signs_in_through_the_wallboard_link(string key)
    {
        using var http = _auth.Browser(out _);

        using var link = await http.GetAsync($"/wallboard?key={key}");

        Assert.Equal(HttpStatusCode.Unauthorized, link.StatusCode);
        using var wallboard = await http.GetAsync("/wallboard");
        Assert.Equal(HttpStatusCode.Redirect, wallboard.StatusCode);
    }

    [Fact]
    public async Task The_live_hub_takes_a_viewer_key_over_websockets_and_refuses_none_or_a_wallboard_key()
    {
        await using var viewer = Hub(AuthApp.ViewerKey);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        viewer.On<JsonElement>(LiveHub.UpdateMethod, _ => first.TrySetResult());
        await viewer.StartAsync();
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await using var anonymous = Hub(null);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);

        await using var wallboard = Hub(AuthApp.WallboardKey);
        var forbidden = await Assert.ThrowsAnyAsync<Exception>(() => wallboard.StartAsync());
        Assert.Contains("403", forbidden.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_secret_reaches_the_log()
    {
        // Every way a secret arrives: the login URL, a wrong token, each key, a wrong key, the wallboard link.
        using var browser = _auth.Browser(out _);
        (await browser.GetAsync(_auth.ConfiguredLoginUrl().PathAndQuery)).Dispose();
        (await browser.GetAsync("/login?t=" + AuthApp.ViewerKey)).Dispose();
        (await browser.GetAsync("/wallboard?key=" + AuthApp.WallboardKey)).Dispose();
        foreach (var key in AuthApp.Secrets)
        {
            using var http = _auth.WithKey(key);
            (await http.GetAsync("/api/clients")).Dispose();
        }

        var lines = _auth.Log.Lines.ToArray();
        Assert.Contains(lines, l => l.Contains("Wrong sign-in token", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/login with the configured Auth:Token", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            foreach (var secret in AuthApp.Secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"a secret in the log: {line}");
            }
        }
    }

    private HubConnection Hub(string? key) => new HubConnectionBuilder()
        .WithUrl(new Uri(_auth.BaseAddress, LiveHub.Path), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            if (key is not null)
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(key);
            }
        })
        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
        .Build();
}
