using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration.Metrics;

/// <summary>
/// A real Prometheus (Debian's package) on a free 127.0.0.1 port, with its own storage in a
/// temporary folder, scraping one target every second with a bearer key. Stopped and removed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/prometheus";
    private readonly string _directory = Directory.CreateTempSubdirectory("prometheus-").FullName;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _http;
    private readonly Process _process;

    private PrometheusServer(Uri target, string bearerKey)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run the README's test command (scripts/test.sh), which installs prometheus.");
        }

        var config = Path.Combine(_directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: dashboard
                metrics_path: /metrics
                authorization:
                  type: Bearer
                  credentials: "{bearerKey}"
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var port = FreePort.Next();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
        var start = new ProcessStartInfo(Executable,
        [
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(_directory, "data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
        ])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>Prometheus's own log, for a failure message.</summary>
    public string Log => string.Join("\n", _log);

    public static PrometheusServer Start(Uri target, string bearerKey) => new(target, bearerKey);

    /// <summary>
    /// The values of an instant query through Prometheus's HTTP API (<c>/api/v1/query</c>), one per
    /// series; empty before the first scrape, or while Prometheus is still starting.
    /// </summary>
    public async Task<IReadOnlyList<double>> QueryAsync(string query)
    {
        try
        {
            using var response = await _http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
            if (!response.IsSuccessStatusCode)
            {
                return [];
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("data").GetProperty("result").EnumerateArray()
                .Select(r => double.Parse(r.GetProperty("value")[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture))
                .ToArray();
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    /// <summary>The scrape targets as Prometheus sees them (JSON: health and last error), for a failure message.</summary>
    public async Task<string> TargetsAsync()
    {
        try
        {
            return await _http.GetStringAsync("/api/v1/targets");
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }
}
