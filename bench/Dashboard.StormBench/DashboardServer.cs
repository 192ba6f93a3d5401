using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Dashboard.Api;
using Dashboard.Core.Ingestion;
using Microsoft.Data.Sqlite;

namespace Dashboard.StormBench;

/// <summary>
/// The dashboard as its own process: the Release Dashboard.dll built next to this program, on a
/// free loopback port, reading the bench's mosquitto, with SQLite history in a temporary
/// directory. Its own process so that its CPU and memory can be read from /proc apart from
/// the publisher's, the browser's and the bench's.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private readonly ProcessStartInfo _start;
    private readonly string _dataDirectory;
    private Process _process;

    private DashboardServer(ProcessStartInfo start, int port, string dataDirectory, bool history)
    {
        StoresHistory = history;
        _start = start;
        _process = Launch(start);
        _dataDirectory = dataDirectory;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public bool StoresHistory { get; }

    /// <param name="history">False runs with <c>History:Provider=none</c>: live state only, to see what the store costs.</param>
    public static async Task<DashboardServer> StartAsync(int brokerPort, bool history)
    {
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("storm-history-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ClientId"] = "storm-dashboard-" + Guid.NewGuid().ToString("N")[..8],
            ["History:DataDirectory"] = data,
            ["Logging:LogLevel:Default"] = "Warning",
            ["History:Provider"] = history ? "sqlite" : "none",
        };
        var start = DashboardLaunch.StartInfo(settings);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var server = new DashboardServer(start, port, data, history);
        await server.WaitUntilSubscribedAsync();
        return server;
    }

    /// <summary>
    /// Stops the process as a service manager does (SIGTERM, so the host shuts down in order) and
    /// starts it again with the same arguments: same port, same data directory, same MQTT client ID,
    /// so the broker keeps its session and queues what arrives meanwhile.
    /// </summary>
    public async Task RestartAsync()
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await _process.WaitForExitAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("the dashboard did not stop within 30 s of SIGTERM; killing it");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        _process = Launch(_start);
        await WaitUntilSubscribedAsync();
    }

    private static Process Launch(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException("the dashboard did not start");
        process.OutputDataReceived += (_, e) => Echo(e.Data);
        process.ErrorDataReceived += (_, e) => Echo(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilSubscribedAsync()
    {
        await Wait.UntilAsync(
            async () => _process.HasExited || (await TryGetStatusAsync())?.Sources.Any(s => s.Name == "mqtt" && s.State == IngestSourceState.Connected) == true,
            TimeSpan.FromSeconds(60),
            "the dashboard has subscribed to mosquitto");
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the dashboard exited with code {_process.ExitCode}");
        }
    }

    public Task<IngestStatusDto?> TryGetStatusAsync() => DashboardLaunch.TryGetStatusAsync(Http);

    /// <summary>The online count the server's live state holds (the total of <c>/api/clients?state=online</c>).</summary>
    public async Task<int?> TryGetOnlineAsync()
    {
        try
        {
            return (await Http.GetFromJsonAsync<ClientPageDto>("api/clients?state=online&pageSize=1", DashboardLaunch.Json))?.Total;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task<IngestStatusDto> GetStatusAsync() =>
        await TryGetStatusAsync() ?? throw new InvalidOperationException("the dashboard does not answer /api/ingest/status");

    /// <summary>Rows in the history table, counted in the database file itself rather than taken from the app's word.</summary>
    public async Task<long> CountHistoryRowsAsync()
    {
        var file = Path.Combine(_dataDirectory, "history.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM connection_events";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // Warnings and errors only (the log level says so): worth seeing during a run.
    private static void Echo(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            Console.Error.WriteLine($"dashboard: {line}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
