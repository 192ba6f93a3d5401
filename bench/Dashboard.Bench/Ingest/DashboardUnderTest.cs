using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Dashboard.Api;
using Dashboard.Core.Ingestion;

namespace Dashboard.Bench.Ingest;

/// <summary>
/// The real dashboard as its own Release process (Dashboard.dll from this build's output), reading
/// the bench broker, with the settings a scenario gives. Reads its REST API and keeps its log lines.
/// </summary>
internal sealed class DashboardUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<string> _log = new();

    private DashboardUnderTest(Process process, int port)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    /// <summary>When the process was started, on the <see cref="Stopwatch"/> clock.</summary>
    public long StartedTicks { get; private init; }

    public IReadOnlyCollection<string> Log => _log;

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts the app on a free port and waits until its MQTT source has subscribed (when
    /// <paramref name="waitForMqtt"/>), or only until the API answers.
    /// </summary>
    public static async Task<DashboardUnderTest> StartAsync(BenchBroker broker, string clientId, IReadOnlyDictionary<string, string> settings, bool waitForMqtt = true)
    {
        var port = FreePort.Next();
        var all = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["Mqtt:Host"] = broker.Host,
            ["Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ClientId"] = clientId,
            ["Mqtt:Topics:0"] = "client_connected",
            ["Mqtt:Topics:1"] = "client_disconnected",
            ["Webhook:Enabled"] = "false",

            // Quiet, except the start-up line that says how long rebuilding live state took.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Dashboard.History.HistoryStartup"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var start = DashboardLaunch.StartInfo(all);
        var startedTicks = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("the dashboard did not start");
        var dashboard = new DashboardUnderTest(process, port) { StartedTicks = startedTicks };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var status = await dashboard.TryGetStatusAsync();
            if (status is not null && (!waitForMqtt || status.Sources.Any(s => s.Name == "mqtt" && s.State == IngestSourceState.Connected)))
            {
                return dashboard;
            }

            if (process.HasExited || waited.Elapsed > TimeSpan.FromMinutes(10))
            {
                await dashboard.DisposeAsync();
                throw new InvalidOperationException($"the dashboard did not come up: {string.Join(" | ", dashboard._log)}");
            }

            await Task.Delay(20);
        }
    }

    public Task<IngestStatusDto?> TryGetStatusAsync() => DashboardLaunch.TryGetStatusAsync(_http);

    public async Task<IngestStatusDto> GetStatusAsync() =>
        await TryGetStatusAsync() ?? throw new InvalidOperationException("the dashboard stopped answering");

    public async Task<ClientPageDto> GetClientsAsync(string query) =>
        await _http.GetFromJsonAsync<ClientPageDto>("/api/clients" + query, DashboardLaunch.Json)
        ?? throw new InvalidOperationException("/api/clients returned nothing");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }
}
