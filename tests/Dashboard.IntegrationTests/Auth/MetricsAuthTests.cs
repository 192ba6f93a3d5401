using System.Net;

namespace Dashboard.Tests.Integration.Auth;

/// <summary>/metrics is for viewers: a signed-in browser or a viewer's API key reads it, the wallboard's key does not, nobody anonymous does.</summary>
public sealed class MetricsAuthTests : IAsyncLifetime
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
    public async Task A_bearer_key_reads_metrics_by_its_role(string key, HttpStatusCode expected)
    {
        using var http = _auth.WithKey(key);

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(expected == HttpStatusCode.OK, body.Contains("dashboard_clients_online", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signed_in_browser_reads_metrics()
    {
        using var http = _auth.Browser(out _);
        using var signIn = await http.GetAsync($"/login?t={AuthApp.Token}");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("dashboard_clients_online", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_is_401_without_any_numbers()
    {
        using var http = _auth.Browser(out _);

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("dashboard_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
