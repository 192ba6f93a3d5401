using System.Diagnostics;
using System.Net.Sockets;

namespace Dashboard.Bench.Shared;

/// <summary>
/// A mosquitto for one benchmark, on a free 127.0.0.1 port. Queue and in-flight limits are off:
/// with its defaults mosquitto drops part of a burst to a slow subscriber, and the benchmark would
/// then measure a lossy stream. Only errors and warnings are logged, so logging costs the broker
/// nothing. Both bench projects compile this file.
/// </summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/mosquitto";
    private readonly string _directory;
    private readonly Process _process;

    private BenchBroker(string directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; }

    public int ProcessId => _process.Id;

    public static async Task<BenchBroker> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: apt-get install mosquitto mosquitto-clients");
        }

        var directory = Directory.CreateTempSubdirectory("bench-mosquitto-").FullName;
        var port = FreePort.Next();
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            max_queued_messages 0
            max_inflight_messages 0
            log_dest stderr
            log_type error
            log_type warning
            """);
        var start = new ProcessStartInfo(Executable, ["-c", config]) { UseShellExecute = false, RedirectStandardError = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine($"mosquitto: {line}");
            }
        };
        process.BeginErrorReadLine();
        var broker = new BenchBroker(directory, process, port);
        await broker.WaitUntilListeningAsync();
        return broker;
    }

    /// <summary>The broker's process, for reporting its CPU time.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilListeningAsync()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(Host, Port);
                return;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }
}
