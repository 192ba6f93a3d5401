using System.Net;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration.Auth;

/// <summary>
/// Behind a reverse proxy named in <c>Proxy:KnownProxies</c>, the proxy's <c>X-Forwarded-For</c>
/// and <c>X-Forwarded-Proto</c> are what the app sees: sign-in redirects go to https, the sign-in
/// cookie is Secure, and the webhook's limiter counts wrong secrets per client, not per proxy.
/// From any other address the same headers change nothing. The test client connects from
/// 127.0.0.1, so that is the known proxy here and 10.9.9.9 stands for some other one.
/// </summary>
public sealed class ProxyHeadersTests
{
    private const string ThisHost = "127.0.0.1";
    private const string OtherProxy = "10.9.9.9";

    [Theory]
    [InlineData(ThisHost, "https")]
    [InlineData(OtherProxy, "http")]
    public async Task A_sign_in_redirect_follows_the_forwarded_scheme_only_from_a_known_proxy(string knownProxy, string expectedScheme)
    {
        await using var auth = Start(knownProxy);
        using var http = Behind(auth, client: "203.0.113.7");

        using var page = await http.GetAsync("/clients");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(expectedScheme, page.Headers.Location?.Scheme);
        Assert.Equal("/login?returnUrl=%2Fclients", page.Headers.Location?.PathAndQuery);
    }

    [Theory]
    [InlineData(ThisHost, true)]
    [InlineData(OtherProxy, false)]
    public async Task The_sign_in_cookie_is_secure_behind_a_known_https_proxy(string knownProxy, bool secure)
    {
        await using var auth = Start(knownProxy);
        using var http = Behind(auth, client: "203.0.113.7");

        using var signIn = await http.GetAsync("/login?t=" + Uri.EscapeDataString(AuthApp.Token));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Dashboard.SignIn=", StringComparison.Ordinal));
        Assert.Equal(secure, cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Behind_a_known_proxy_wrong_webhook_secrets_are_counted_per_client()
    {
        await using var auth = Start(ThisHost);

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests],
            await WrongWebhookSecretsAsync(auth, "203.0.113.7", times: 4));

        // Another client behind the same proxy is not blocked with the first.
        Assert.Equal([HttpStatusCode.Unauthorized], await WrongWebhookSecretsAsync(auth, "203.0.113.8", times: 1));
    }

    [Fact]
    public async Task From_an_unknown_proxy_a_forwarded_address_does_not_escape_the_limiter()
    {
        await using var auth = Start(OtherProxy);

        await WrongWebhookSecretsAsync(auth, "203.0.113.7", times: 3);

        // The header is the caller's own writing here: the connection's address is what counts.
        Assert.Equal([HttpStatusCode.TooManyRequests], await WrongWebhookSecretsAsync(auth, "203.0.113.8", times: 1));
    }

    [Fact]
    public async Task A_client_written_address_to_the_left_of_the_proxys_is_not_believed()
    {
        await using var auth = Start(ThisHost);

        // A client varies what it sends; the proxy appends the address it really came from.
        for (var i = 0; i < 3; i++)
        {
            await WrongWebhookSecretsAsync(auth, $"198.51.100.{i}, 203.0.113.7", times: 1);
        }

        Assert.Equal([HttpStatusCode.TooManyRequests], await WrongWebhookSecretsAsync(auth, "198.51.100.99, 203.0.113.7", times: 1));
    }

    private static AuthApp Start(string knownProxy) => AuthApp.Start(settings: new Dictionary<string, string?>
    {
        ["Proxy:KnownProxies:0"] = knownProxy,
        ["Webhook:FailedSecretsPerMinute"] = "3",
    });

    /// <summary>A client that sends what nginx adds for <paramref name="client"/> on an https connection.</summary>
    private static HttpClient Behind(AuthApp auth, string client)
    {
        var http = auth.Browser(out _);
        http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return http;
    }

    private static async Task<HttpStatusCode[]> WrongWebhookSecretsAsync(AuthApp auth, string forwardedFor, int times)
    {
        using var http = Behind(auth, forwardedFor);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong-webhook-secret-0123456789");
        var statuses = new HttpStatusCode[times];
        for (var i = 0; i < times; i++)
        {
            using var response = await http.PostAsync("/api/ingest/emqx", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            statuses[i] = response.StatusCode;
        }

        return statuses;
    }
}
