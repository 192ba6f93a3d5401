using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Dashboard.Tests.Shared;

/// <summary>
/// A real mosquitto on a free 127.0.0.1 port, for one test class. Its queue limits are off (with
/// the defaults mosquitto silently drops part of a fast burst to a slow subscriber), connection
/// messages are logged and kept (the broker's own account of what each client did on the wire),
/// and it can be stopped and started again on the same port to test reconnects.
/// Compiled into every test project that needs it (tests/Shared).
/// </summary>
public class MosquittoBroker : IAsyncLifetime
{
    private const string Executable = "/usr/sbin/mosquitto";
    private readonly string _directory = Directory.CreateTempSubdirectory("mosquitto-").FullName;
    private readonly bool _logEverything;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public MosquittoBroker()
        : this(logEverything: false)
    {
    }

    /// <param name="logEverything">Also log every packet; that slows a firehose, so only where a test reads it.</param>
    protected MosquittoBroker(bool logEverything) => _logEverything = logEverything;

    public int Port { get; } = FreePort.Next();

    public string Host { get; } = "127.0.0.1";

    /// <summary>Log lines so far, without mosquitto's timestamp prefix.</summary>
    public IReadOnlyList<string> Log => [.. _log];

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run the README's test command (scripts/test.sh), which installs mosquitto.");
        }

        await File.WriteAllTextAsync(ConfigPath, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence false
            max_queued_messages 0
            max_inflight_messages 0
            log_dest stderr
            connection_messages true
            {(_logEverything ? "log_type all" : "log_type error\nlog_type warning\nlog_type notice")}
            """);
        await StartAsync();
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Executable, ["-c", ConfigPath])
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
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                _log.Enqueue(colon > 0 ? line[(colon + 2)..] : line);
            }
        };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await WaitUntilListeningAsync();
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string ConfigPath => Path.Combine(_directory, "mosquitto.conf");

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

/// <summary>A <see cref="MosquittoBroker"/> that logs every packet, for tests that read what clients did.</summary>
public sealed class VerboseMosquittoBroker() : MosquittoBroker(logEverything: true);
