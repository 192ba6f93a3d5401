using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration.Metrics;

/// <summary>
/// The shipped Grafana dashboard and alert rules: valid for promtool (Debian's prometheus package),
/// and naming only metrics that the app really exports.
/// </summary>
[Collection(MetricsAlone.Name)]
public sealed partial class MetricsDocsTests
{
    private const string Promtool = "/usr/bin/promtool";

    /// <summary>Every name the README documents, after the Prometheus exporter's suffix rules.</summary>
    private static readonly string[] Documented =
    [
        "dashboard_events_received_total", "dashboard_events_accepted_total", "dashboard_events_duplicates_total",
        "dashboard_events_parse_failures_total", "dashboard_ingest_backlog", "dashboard_history_write_duration_seconds",
        "dashboard_history_write_failures_total", "dashboard_clients_online", "dashboard_clients_known",
        "dashboard_connects_total", "dashboard_disconnects_total", "dashboard_findings_active",
        "dashboard_source_connected", "dashboard_circuits_active", "dashboard_hub_connections", "dashboard_connects_refused_total",
    ];

    [Fact]
    public async Task The_alert_rules_pass_promtool_and_name_exported_metrics()
    {
        var rules = Path.Combine(RepoRoot(), "docs", "prometheus", "alerts.yml");

        var (exit, output) = await RunPromtoolAsync("check", "rules", rules);

        Assert.True(exit == 0, output);
        var text = await File.ReadAllTextAsync(rules);
        foreach (var alert in new[] { "DashboardIngestionStalled", "DashboardParseFailuresRising", "DashboardHistoryStoreFailing", "DashboardMassDisconnect" })
        {
            Assert.Contains("alert: " + alert, text, StringComparison.Ordinal);
        }

        AssertExported(MetricNames(text), await ExportedNamesAsync());
    }

    [Fact]
    public async Task The_grafana_dashboard_parses_and_every_expression_is_valid_and_exported()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "docs", "grafana", "connection-dashboard.json")));
        var expressions = json.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToArray();
        Assert.True(expressions.Length >= 11, $"{expressions.Length} expressions");

        // Every expression, with Grafana's variables filled in, must be valid PromQL: promtool
        // checks it as a recording rule.
        var file = Path.Combine(Directory.CreateTempSubdirectory("grafana-exprs-").FullName, "rules.yml");
        var rules = expressions.Select((e, i) =>
            $"      - record: dashboard_panel_{i}\n        expr: '{e.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$instance", ".*", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)}'");
        await File.WriteAllTextAsync(file, "groups:\n  - name: grafana\n    rules:\n" + string.Join("\n", rules) + "\n");
        var (exit, output) = await RunPromtoolAsync("check", "rules", file);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        Assert.True(exit == 0, output);

        var named = expressions.SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);
        AssertExported(named, await ExportedNamesAsync());
        var unused = Documented.Where(d => !named.Any(n => n.StartsWith(d, StringComparison.Ordinal))).ToArray();
        Assert.True(unused.Length == 0, $"no panel shows {string.Join(", ", unused)}");
    }

    private static void AssertExported(IEnumerable<string> named, IReadOnlySet<string> exported)
    {
        var missing = named.Where(n => !exported.Contains(n)).ToArray();
        Assert.True(missing.Length == 0, $"not exported: {string.Join(", ", missing)}; exported: {string.Join(", ", exported)}");
    }

    private static IEnumerable<string> MetricNames(string text) =>
        MetricName().Matches(text).Select(m => m.Value).Where(n => !n.StartsWith("dashboard_panel_", StringComparison.Ordinal)).Distinct();

    /// <summary>The dashboard_* sample names of a real app that has taken a connect, a disconnect and a refusal (so every series exists).</summary>
    private static async Task<IReadOnlySet<string>> ExportedNamesAsync()
    {
        await using var app = new DashboardApp(new Dictionary<string, string?> { ["Mqtt:Enabled"] = "false" });
        app.StartServer();
        const string Events = """
            {"event":"client.connected","clientid":"docs-1","username":"u","peername":"10.1.1.1:1000","connected_at":1749551400125}
            {"event":"client.disconnected","clientid":"docs-1","username":"u","reason":"normal","peername":"10.1.1.1:1000","connected_at":1749551400125,"disconnected_at":1749551460125}
            {"event":"client.connack","clientid":"docs-2","username":"u","reason_code":"bad_username_or_password","peername":"10.1.1.2:1000","timestamp":1749551400200}
            """;
        using (var response = await app.PostToWebhookAsync(Events, "application/x-ndjson"))
        {
            Assert.True(response.IsSuccessStatusCode, $"webhook answered {response.StatusCode}");
        }

        using var http = app.CreateClient();
        var samples = await Eventually.HoldsAsync(
            async () => PrometheusText.Parse(await http.GetStringAsync("/metrics")),
            s => s.Any(x => x.Name == "dashboard_history_write_duration_seconds_count"),
            "the history write was timed");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/metrics")).StatusCode);
        return samples.Select(s => s.Name).Where(n => n.StartsWith("dashboard_", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunPromtoolAsync(params string[] arguments)
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: run the README's test command (scripts/test.sh), which installs prometheus.");
        using var process = Process.Start(new ProcessStartInfo(Promtool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dashboard.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Dashboard.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A dashboard metric's name; histogram series keep their _bucket, _count or _sum.</summary>
    [GeneratedRegex(@"\bdashboard_[a-z_]+[a-z]")]
    private static partial Regex MetricName();
}
