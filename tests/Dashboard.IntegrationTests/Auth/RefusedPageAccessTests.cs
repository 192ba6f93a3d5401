using System.Net;

namespace Dashboard.Tests.Integration.Auth;

/// <summary>GET /refused over HTTP: a viewer gets the page; the wallboard key and no credentials do not.</summary>
public sealed class RefusedPageAccessTests : IAsyncLifetime
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
    [InlineData(AuthApp.AdminKey, HttpStatusCode.OK)]
    [InlineData(AuthApp.WallboardKey, HttpStatusCode.Forbidden)]
    [InlineData("wrong-key-wrong-key-wrong-key-wrong-key", HttpStatusCode.Unauthorized)]
    public async Task The_page_answers_by_role(string key, HttpStatusCode expected)
    {
        using var http = _auth.WithKey(key);

        using var response = await http.GetAsync("/refused?clientId=%3Cscript%3E");

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if (expected == HttpStatusCode.OK)
        {
            Assert.Contains("Refused connections", body, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("Recent attempts", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_credentials_a_browser_is_sent_to_sign_in()
    {
        using var http = _auth.Browser(out _);

        using var response = await http.GetAsync("/refused");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login?returnUrl=%2Frefused", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
