using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Dashboard.Simulator.Tests.Infrastructure;

/// <summary>
/// A real mosquitto on a free 127.0.0.1 port, for one test class, with its queue limits off (the
/// defaults drop part of a fast burst) and every log line kept: the log is the broker's own account
/// of what each simulated device did on the wire.
/// </summary>
public class MosquittoBroker : IAsyncLifetime
{
    private const string Executable = "/usr/sbin/mosquitto";
    private readonly bool _logEverything;
    private readonly string _directory = Directory.CreateTempSubdirectory("mosquitto-").FullName;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public MosquittoBroker()
        : this(logEverything: true)
    {
    }

    /// <param name="logEverything">False logs errors and connections only: logging every PUBLISH slows a firehose.</param>
    protected MosquittoBroker(bool logEverything) => _logEverything = logEverything;

    public int Port { get; } = FreePort.Next();

    public string Host => "127.0.0.1";

    /// <summary>Log lines so far, without mosquitto's timestamp prefix.</summary>
    public IReadOnlyList<string> Log => [.. _log];

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run scripts/test.sh, which installs mosquitto.");
        }

        string config = Path.Combine(_directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence false
            max_queued_messages 0
            max_inflight_messages 0
            log_dest stderr
            connection_messages true
            {(_logEverything ? "log_type all" : "log_type error")}
            """);

        var start = new ProcessStartInfo(Executable, ["-c", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                // "1700000000: New client connected from …": drop the time.
                int colon = line.IndexOf(": ", StringComparison.Ordinal);
                _log.Enqueue(colon > 0 ? line[(colon + 2)..] : line);
            }
        };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await WaitUntilListeningAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
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
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                if (_process is { HasExited: true } exited)
                {
                    throw new InvalidOperationException($"mosquitto exited with code {exited.ExitCode}: {string.Join(" | ", _log)}");
                }

                await Task.Delay(50);
            }
        }
    }
}

/// <summary>A <see cref="MosquittoBroker"/> that does not log each message, for throughput tests.</summary>
public sealed class QuietMosquittoBroker() : MosquittoBroker(logEverything: false);
