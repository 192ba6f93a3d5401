using System.Diagnostics;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>
/// A bad configuration value stops start-up with a message that names the key and exit code 2.
/// Runs the real app as a process, since that message and exit code are what a user sees.
/// </summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Mqtt:Port", "0", "Mqtt:Port must be between 1 and 65535")]
    [InlineData("Mqtt:Port", "eighteen-eighty-three", "'Mqtt:Port'")]
    [InlineData("Mqtt:ClientId", " ", "Mqtt:ClientId must not be empty")]
    [InlineData("Mqtt:Topics:0", "a/#/b", "Mqtt:Topics:0 is not a valid MQTT topic filter")]
    [InlineData("Wallboard:FrameAncestors:0", "https://tv.example; script-src *", "Wallboard:FrameAncestors:0 must be one Content-Security-Policy source")]
    [InlineData("Ingest:MaxPayloadBytes", "1", "Ingest:MaxPayloadBytes must be between")]
    [InlineData("Ingest:NotifyIntervalMilliseconds", "5", "Ingest:NotifyIntervalMilliseconds must be between")]
    [InlineData("Live:OfflineRetention", "-01:00:00", "Live:OfflineRetention must be a positive time span")]
    [InlineData("Demo:BrokerAddress", "localhost:1883", "Demo:BrokerAddress must be an IP address", "--Demo:Enabled", "true")]
    [InlineData("Demo:ApiPort", "0", "Demo:ApiPort must be between 1 and 65535", "--Demo:Enabled", "true")]
    [InlineData("Demo:ApiSecret", "short", "Demo:ApiSecret must be 8 to 256 characters", "--Demo:Enabled", "true")]
    [InlineData("Demo:CredentialsRotationSeconds", "600", "Demo:CredentialsRotationSeconds must be between 1 and 599", "--Demo:Enabled", "true")]
    [InlineData("Demo:MassDisconnectSeconds", "240", "Demo:MassDisconnectSeconds must be between 1 and 239", "--Demo:Enabled", "true")]
    [InlineData("Demo:MassDisconnectPercent", "49", "Demo:MassDisconnectPercent plus Demo:CredentialsRotationPercent must be at most 68", "--Demo:Enabled", "true", "--Demo:CredentialsRotationPercent", "20")]
    [InlineData("History:Provider", "mongodb", "History:Provider must be sqlite, postgres or none")]
    [InlineData("History:Provider", "postgres", "History:ConnectionString must be set when History:Provider is postgres")]
    [InlineData("History:RetentionDays", "0", "History:RetentionDays must be between 1 and 3650")]
    [InlineData("History:ReadPoolSize", "0", "History:ReadPoolSize must be between 1 and 100")]
    [InlineData("History:ReadTimeout", "00:00:00", "History:ReadTimeout must be a time span from 00:00:01 to 01:00:00")]
    [InlineData("History:ReadTimeout", "soon", "'History:ReadTimeout'")]
    [InlineData("History:SessionsRollup", "sometimes", "'History:SessionsRollup'")]
    [InlineData("Webhook:MaxBodyBytes", "10", "Webhook:MaxBodyBytes must be between")]
    [InlineData("Api:RateLimit:PermitsPerSecond", "-1", "Api:RateLimit:PermitsPerSecond must be between 0 and")]
    [InlineData("Api:RateLimit:Burst", "0", "Api:RateLimit:Burst must be between 1 and")]
    [InlineData("Webhook:Secret", "short-secret", "Webhook:Secret must be at least 16 characters")]
    [InlineData("Webhook:FailedSecretsPerMinute", "0", "Webhook:FailedSecretsPerMinute must be between")]
    [InlineData("Proxy:KnownProxies:0", "10", "Proxy:KnownProxies:0 must be an IP address")]
    [InlineData("Proxy:KnownProxies:0", "proxy.example", "Proxy:KnownProxies:0 must be an IP address")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.1/8", "Proxy:KnownNetworks:0 must be a network in CIDR notation with the host bits zero")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0", "Proxy:KnownNetworks:0 must be a network in CIDR notation")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/33", "Proxy:KnownNetworks:0 must be a network in CIDR notation")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/8", "Proxy:KnownProxies is set, so people reach the app through a proxy, but Auth:Mode is none", "--Auth:Mode", "none")]
    [InlineData("Ingest:MaxFieldLength", "2", "Ingest:MaxFieldLength must be between")]
    [InlineData("Ingest:MaxClockSkew", "-00:01:00", "Ingest:MaxClockSkew must be a time span")]
    [InlineData("Conflicts:TakeoverThreshold", "1", "Conflicts:TakeoverThreshold")]
    [InlineData("Conflicts:RefusedClients", "0", "Conflicts:RefusedClients: ConflictOptions.RefusedClients must be at least 1")]
    [InlineData("Alerts:Url", "ftp://example/alerts", "Alerts:Url must be an absolute http or https URL")]
    [InlineData("Alerts:Format", "discord", "Alerts:Format must be json, slack or teams")]
    [InlineData("Alerts:DashboardUrl", "ops.example.com/dashboard", "Alerts:DashboardUrl must be an absolute http or https URL")]
    [InlineData("Alerts:DashboardUrl", "https://ops.example.com/?x=1", "Alerts:DashboardUrl must be an absolute http or https URL")]
    [InlineData("Logging:Format", "xml", "Logging:Format must be text (the default) or json")]
    [InlineData("Shutdown:Timeout", "00:00:00.500", "Shutdown:Timeout must be between 00:00:01 and 00:10:00")]
    [InlineData("Shutdown:Timeout", "00:11:00", "Shutdown:Timeout must be between 00:00:01 and 00:10:00")]
    [InlineData("Shutdown:Timeout", "later", "'Shutdown:Timeout'")]
    [InlineData("Auth:Mode", "saml", "Auth:Mode must be token, oidc or none")]
    [InlineData("Auth:Mode", "oidc", "Auth:Oidc:Authority must be an absolute https URL (http only on loopback)")]
    [InlineData("Auth:Mode", "oidc", "Auth:Oidc:Roles must give at least one claim value")]
    [InlineData("Auth:Oidc:Authority", "http://sso.example.com", "Auth:Oidc:Authority must be an absolute https URL", "--Auth:Mode", "oidc")]
    [InlineData("Auth:Oidc:ClientId", " ", "Auth:Oidc:ClientId must be set", "--Auth:Mode", "oidc")]
    [InlineData("Auth:Oidc:RoleClaim", " ", "Auth:Oidc:RoleClaim must name a claim", "--Auth:Mode", "oidc", "--Auth:Oidc:ClientSecret", "short-key-0123456789")]
    [InlineData("Auth:Token", "short-token-0123456789", "Auth:Token must be at least 32 characters")]
    [InlineData("Auth:ApiKeys:ci:Key", "short-key-0123456789", "Auth:ApiKeys:ci:Key must be at least 32 characters", "--Auth:ApiKeys:ci:Role", "viewer")]
    [InlineData("Auth:ApiKeys:ci:Role", "root", "Auth:ApiKeys:ci:Role must be viewer, operator, admin or wallboard", "--Auth:ApiKeys:ci:Key", "key-for-the-ci-0123456789-0123456789")]
    [InlineData("Auth:FailedSignInsPerMinute", "0", "Auth:FailedSignInsPerMinute must be between")]
    [InlineData("Emqx:ApiUrl", "emqx:18083", "Emqx:ApiUrl must be an absolute http(s) URL", "--Emqx:ApiKey", "dashboard", "--Emqx:ApiSecret", "short-key-0123456789")]
    [InlineData("Emqx:ApiUrl", "http://admin:short-key-0123456789@emqx:18083", "Emqx:ApiUrl must be an absolute http(s) URL with no credentials", "--Emqx:ApiKey", "dashboard", "--Emqx:ApiSecret", "short-key-0123456789")]
    [InlineData("Emqx:ApiUrl", "http://emqx:18083", "Emqx:ApiKey must be set when Emqx:ApiUrl is", "--Emqx:ApiSecret", "short-key-0123456789")]
    [InlineData("Emqx:ApiUrl", "http://emqx:18083", "Emqx:ApiSecret must be set when Emqx:ApiUrl is", "--Emqx:ApiKey", "dashboard")]
    [InlineData("Emqx:PageSize", "20000", "Emqx:PageSize must be between 1 and 10000", "--Emqx:ApiUrl", "http://emqx:18083", "--Emqx:ApiKey", "dashboard", "--Emqx:ApiSecret", "short-key-0123456789")]
    [InlineData("Emqx:ReconcileInterval", "00:00:01", "Emqx:ReconcileInterval must be 00:00:00 (off) or at least 00:00:10", "--Emqx:ApiUrl", "http://emqx:18083", "--Emqx:ApiKey", "dashboard", "--Emqx:ApiSecret", "short-key-0123456789")]
    [InlineData("Groups:plant-3:Cidr", "10.3.0.0/33", "Groups:plant-3:Cidr is not a network")]
    [InlineData("Groups:plant-3:ClientIdPattern", "", "Groups:plant-3:ClientIdPattern one of ClientIdPattern, UsernamePattern or Cidr must be set", "--Groups:plant-3:Order", "1")]
    [InlineData("Groups:plant 3:ClientIdPattern", "p/*", "Groups:plant 3 must be 1 to 64 letters")]
    [InlineData("Groups:plant-3:Order", "first", "Groups:plant-3:Order must be a whole number", "--Groups:plant-3:ClientIdPattern", "p/*")]
    public async Task An_invalid_value_fails_start_up_naming_the_key(string key, string value, string expected, params string[] more)
    {
        var (exitCode, stderr) = await RunDashboardAsync([$"--{key}", value, .. more]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid configuration", stderr);
        Assert.Contains(expected, stderr);

        // A refused secret is not echoed back.
        Assert.DoesNotContain("short-token-0123456789", stderr);
        Assert.DoesNotContain("short-key-0123456789", stderr);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::]:0")]
    public async Task Auth_mode_none_is_refused_on_an_address_that_is_not_loopback(string urls)
    {
        var (exitCode, stderr) = await RunDashboardAsync("--urls", urls, "--Auth:Mode", "none", "--Mqtt:Enabled", "false");

        Assert.Equal(2, exitCode);
        Assert.Contains("Cannot start: Auth:Mode=none needs every address to be loopback", stderr);
    }

    [Fact]
    public async Task A_demo_broker_port_in_use_fails_start_up_naming_the_key()
    {
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, stderr) = await RunDashboardAsync("--Demo:Enabled", "true", "--Demo:FleetSize", "0", "--Demo:BrokerPort", port);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Demo:BrokerPort {port}", stderr);
        Assert.Contains("already in use", stderr);
    }

    [Fact]
    public async Task A_demo_api_port_in_use_fails_start_up_naming_the_key()
    {
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var brokerPort = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, stderr) = await RunDashboardAsync("--Demo:Enabled", "true", "--Demo:FleetSize", "0", "--Demo:BrokerPort", brokerPort, "--Demo:ApiPort", port);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Demo:ApiPort {port}", stderr);
        Assert.Contains("already in use", stderr);
    }

    private static async Task<(int ExitCode, string Stderr)> RunDashboardAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Dashboard.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.ArgumentList.Add("--History:Provider");
        start.ArgumentList.Add("none");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The dashboard kept running with an invalid configuration. Output: {await stdout}");
        }

        return (process.ExitCode, await stderr);
    }
}
