using Dashboard.Tests.Shared;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Dashboard.Api;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>
/// The real dashboard as a separate process (the built Dashboard.dll), for what an in-process host
/// cannot show: being killed with SIGKILL and started again, a SIGTERM, and every line it writes to
/// stdout and stderr (what an operator's log collector sees).
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private DashboardProcess(Process process, int port)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public IReadOnlyCollection<string> Stdout => _stdout;

    public IReadOnlyCollection<string> Stderr => _stderr;

    /// <summary>The process's exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>From the SIGTERM of <see cref="StopAsync"/> to the exit, once it has run.</summary>
    public TimeSpan? StopDuration { get; private set; }

    /// <param name="settings">Command-line keys; a key given here wins over the defaults below.</param>
    /// <param name="untilSubscribed">Wait until the MQTT source has subscribed; otherwise only until <c>/readyz</c> answers 200.</param>
    public static async Task<DashboardProcess> StartAsync(IReadOnlyDictionary<string, string> settings, bool untilSubscribed = true)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Dashboard.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        // Loopback only, so no sign-in is needed (a test's settings may say otherwise).
        start.ArgumentList.Add("--Auth:Mode");
        start.ArgumentList.Add("none");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the dashboard did not start");
        var dashboard = new DashboardProcess(process, port);
        process.OutputDataReceived += (_, e) => Keep(dashboard._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(dashboard._stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Generous: a process's start-up (JIT, history, the broker) took over 30 s on a loaded 2-core machine.
        if (untilSubscribed)
        {
            await Eventually.HoldsAsync(dashboard.TryGetStatusAsync, s => s?.Sources.Any(x => x.Name == "mqtt" && x.State == Core.Ingestion.IngestSourceState.Connected) == true, "the dashboard process has subscribed", TimeSpan.FromSeconds(90));
        }
        else
        {
            await Eventually.HoldsAsync(dashboard.IsReadyAsync, ready => ready, "the dashboard process is ready", TimeSpan.FromSeconds(90));
        }

        return dashboard;
    }

    /// <summary>Whether <c>/readyz</c> answers 200 (false while the process does not listen yet).</summary>
    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync("/readyz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public Task<ClientPageDto?> GetClientsAsync(string query = "") =>
        _http.GetFromJsonAsync<ClientPageDto>("/api/clients" + query, DashboardApp.Json);

    /// <summary>Every stored event, through the export API.</summary>
    public async Task<IReadOnlyList<EventDto>> ExportAllAsync() =>
        (await _http.GetFromJsonAsync<EventDto[]>("/api/events/export?from=2000-01-01T00:00:00Z&format=json", DashboardApp.Json))!;

    public async Task<IngestStatusDto?> TryGetStatusAsync()
    {
        try
        {
            return await _http.GetFromJsonAsync<IngestStatusDto>("/api/ingest/status", DashboardApp.Json);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a container runtime stops it; waits for the exit, so the last log lines are in.</summary>
    public async Task StopAsync()
    {
        var sent = TimeProvider.System.GetTimestamp();
        using (var kill = Process.Start("kill", ["-s", "TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        StopDuration = TimeProvider.System.GetElapsedTime(sent);
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        _http.Dispose();
    }
}
