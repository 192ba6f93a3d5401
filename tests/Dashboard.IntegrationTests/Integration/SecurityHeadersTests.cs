using System.Text.RegularExpressions;
using Dashboard.Hosting;
using Dashboard.Options;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Every kind of response carries the security headers (pages, the API, static files, errors), the
/// page's policy allows exactly the import map it renders, and the wallboard's frame-ancestors
/// follows <c>Wallboard:FrameAncestors</c> (a bad value stops start-up: see ConfigurationTests). The browser half (the policy refuses nothing the pages
/// need) is in Dashboard.BrowserTests' HostileNameTests.
/// </summary>
public sealed partial class SecurityHeadersTests
{
    private static readonly Dictionary<string, string?> NoSources = new()
    {
        ["Mqtt:Enabled"] = "false",
        ["History:Provider"] = "none",
    };

    [Fact]
    public async Task Every_kind_of_response_carries_the_headers()
    {
        await using var app = new DashboardApp(NoSources);
        using var http = app.CreateClient();
        string[] paths =
        [
            "/", "/clients", "/wallboard",                          // pages
            "/api/clients", "/api/ingest/status", "/api/no-such-thing", // the API, and a 404
            "/lib/charts.js", "/favicon.svg", "/_framework/blazor.web.js", "/_content/MudBlazor/MudBlazor.min.js", // static files
        ];
        foreach (var path in paths)
        {
            using var response = await http.GetAsync(path);
            var policy = Header(response, "Content-Security-Policy");
            Assert.True(policy is not null, $"{path} ({(int)response.StatusCode}) has no Content-Security-Policy.");
            Assert.Contains("default-src 'self'", policy);
            Assert.Matches("script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')?;", policy);
            Assert.Contains("object-src 'none'", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.DoesNotContain("unsafe-eval", policy);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        }
    }

    [Fact]
    public async Task A_page_allows_its_own_import_map_by_hash_and_no_other_inline_script()
    {
        await using var app = new DashboardApp(NoSources);
        using var http = app.CreateClient();
        using var response = await http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        var importMap = ImportMapScript().Match(html);
        Assert.True(importMap.Success, "The page renders no import map.");
        var policy = Header(response, "Content-Security-Policy")!;
        var scripts = policy.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.Equal($"script-src 'self' '{SecurityHeaders.HashSource(importMap.Groups["json"].Value)}'", scripts);

        // Every other script is a file of the app's own.
        Assert.All(ScriptTag().Matches(html), tag => Assert.True(tag.Value.Contains("type=\"importmap\"", StringComparison.Ordinal) || tag.Value.Contains(" src=\"", StringComparison.Ordinal), tag.Value));
    }

    [Fact]
    public async Task The_wallboard_may_be_framed_by_the_configured_sources_and_nothing_else_may()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?>(NoSources)
        {
            ["Wallboard:FrameAncestors:0"] = "'self'",
            ["Wallboard:FrameAncestors:1"] = "https://signage.example.com",
        });
        using var http = app.CreateClient();

        using var wallboard = await http.GetAsync("/wallboard?theme=light");
        Assert.EndsWith("; frame-ancestors 'self' https://signage.example.com", Header(wallboard, "Content-Security-Policy"), StringComparison.Ordinal);
        foreach (var path in new[] { "/", "/clients", "/api/clients" })
        {
            using var other = await http.GetAsync(path);
            Assert.EndsWith("; frame-ancestors 'none'", Header(other, "Content-Security-Policy"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task By_default_the_wallboard_may_not_be_framed()
    {
        await using var app = new DashboardApp(NoSources);
        using var http = app.CreateClient();
        using var wallboard = await http.GetAsync("/wallboard");
        Assert.EndsWith("; frame-ancestors 'none'", Header(wallboard, "Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'self'")]
    [InlineData("'none'")]
    [InlineData("https:")]
    [InlineData("https://signage.example.com")]
    [InlineData("https://*.example.com:8443")]
    [InlineData("http://10.1.2.3:8080/tv/")]
    [InlineData("*")]
    public void A_csp_source_is_accepted(string source) =>
        Assert.True(Validate(source).Succeeded, source);

    [Theory]
    [InlineData("https://a.example.com; script-src *")]
    [InlineData("https://a.example.com, script-src *")]
    [InlineData("https://a.example.com https://b.example.com")]
    [InlineData("'unsafe-inline'")]
    [InlineData("self")] // a host named "self": surely 'self' without its quotes
    [InlineData("NONE")]
    [InlineData("")]
    [InlineData("https://a.example.com/'")]
    public void Anything_else_is_refused_naming_the_key(string source)
    {
        var result = Validate(source);
        Assert.True(result.Failed, source);
        Assert.Contains("Wallboard:FrameAncestors:0 must be one Content-Security-Policy source", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void None_is_refused_beside_another_source()
    {
        var result = Validate("'none'", "'self'");
        Assert.True(result.Failed);
        Assert.Contains("Wallboard:FrameAncestors may hold 'none' only on its own", result.FailureMessage, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(params string[] sources) =>
        new WallboardFrameOptionsValidator().Validate(null, new WallboardFrameOptions { FrameAncestors = sources });

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    [GeneratedRegex("<script type=\"importmap\"[^>]*>(?<json>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMapScript();

    [GeneratedRegex("<script\\b[^>]*>", RegexOptions.Singleline)]
    private static partial Regex ScriptTag();
}
