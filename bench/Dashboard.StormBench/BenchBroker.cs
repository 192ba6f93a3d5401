using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.StormBench;

/// <summary>
/// A mosquitto on a free 127.0.0.1 port with its queue limits off: with the defaults
/// (1000 queued, 20 in flight) it silently drops part of a storm to a slower subscriber, and the
/// counts would not reconcile for reasons that have nothing to do with the dashboard.
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

    public int Port { get; }

    public int ProcessId => _process.Id;

    public static async Task<BenchBroker> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's mosquitto (scripts/test.sh does).");
        }

        var directory = Directory.CreateTempSubdirectory("storm-mosquitto-").FullName;
        var port = FreePort();
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1
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
        await Wait.UntilAsync(() => Task.FromResult(CanConnect(port) || process.HasExited), TimeSpan.FromSeconds(10), "mosquitto listens");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"mosquitto exited with code {process.ExitCode}");
        }

        return broker;
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
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
}
