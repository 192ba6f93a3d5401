using Dashboard.Tests.Shared;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Dashboard.Api;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>
/// The real dashboard as a separate process (the built Dashboard.dll), for what an in-process host
/// cannot show: being killed with SIGKILL and started again.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private DashboardProcess(Process process, int port)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public static async Task<DashboardProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
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
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dashboard = new DashboardProcess(process, port);
        await Eventually.HoldsAsync(dashboard.TryGetStatusAsync, s => s?.Sources.Any(x => x.Name == "mqtt" && x.State == Core.Ingestion.IngestSourceState.Connected) == true, "the dashboard process has subscribed", TimeSpan.FromSeconds(30));
        return dashboard;
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
