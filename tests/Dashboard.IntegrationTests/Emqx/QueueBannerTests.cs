using System.Net;
using Dashboard.Core.Emqx;
using Dashboard.Demo.Api;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// The dropped-events banner through the real app: the status monitor polls the dashboard's own
/// session at the demo EMQX API, and when its <c>mqueue_dropped</c> grows, every page (as the
/// server renders it) carries the banner with the number of events lost since the first reading.
/// </summary>
public sealed class QueueBannerTests
{
    private const string Own = "dashboard-banner-test";

    [Fact]
    public async Task When_mqueue_dropped_grows_every_page_shows_how_many_were_lost_and_what_to_do()
    {
        var table = new SyntheticClientTable(3, DateTimeOffset.UtcNow);
        Assert.True(table.Add(new DemoClient(Own, null, "127.0.0.1", 40_000, DateTimeOffset.UtcNow, 60, false, 3600, 5)));

        // Drops from before the dashboard started are the baseline, not news.
        table.SetQueue(Own, new SessionQueueFigures(0, 1000, 4, 0, 32));
        await using var api = await DemoEmqxApi.StartAsync(new DemoApiSettings { ApiKey = "k", ApiSecret = "banner-secret" }, table, null, TimeProvider.System, CancellationToken.None);
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Mqtt:ClientId"] = Own,
            ["Emqx:ApiUrl"] = api.Url.ToString(),
            ["Emqx:ApiKey"] = "k",
            ["Emqx:ApiSecret"] = "banner-secret",
            ["Emqx:QueuePollInterval"] = "00:00:01",
            ["Emqx:ReconcileInterval"] = "00:00:00",
        });
        using var http = app.CreateClient();
        var diagnostics = await Eventually.HoldsAsync(() => PageAsync(http, "/diagnostics"), html => html.Contains("data-testid=\"emqx-mqueue\"", StringComparison.Ordinal), "the first reading");
        Assert.DoesNotContain("emqx-dropped-text", diagnostics, StringComparison.Ordinal);

        table.SetQueue(Own, new SessionQueueFigures(1000, 1000, 16, 32, 32));

        foreach (var path in new[] { "/", "/clients", "/diagnostics", "/wallboard" })
        {
            var html = await Eventually.HoldsAsync(() => PageAsync(http, path), h => h.Contains("emqx-dropped-text", StringComparison.Ordinal), $"the banner on {path}");
            Assert.Contains("EMQX dropped 12 connection events meant for this dashboard.", html, StringComparison.Ordinal);
            Assert.Contains("mqtt.max_mqueue_len", html, StringComparison.Ordinal);
        }

        var figures = await PageAsync(http, "/diagnostics");
        Assert.Contains("1,000 / 1,000", figures, StringComparison.Ordinal);
        Assert.Contains(">16<", figures, StringComparison.Ordinal);
    }

    /// <summary>The page as the server renders it (prerendered, before any circuit starts).</summary>
    private static async Task<string> PageAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
