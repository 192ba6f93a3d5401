using System.Diagnostics;
using System.Net.Sockets;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>
/// A real mosquitto on a free 127.0.0.1 port, for one test class. Its queue limits are off:
/// with the defaults mosquitto silently drops part of a fast burst to a slow subscriber.
/// It can be stopped and started again on the same port to test reconnects.
/// </summary>
public sealed class MosquittoBroker : IAsyncLifetime
{
    private const string Executable = "/usr/sbin/mosquitto";
    private readonly string _directory = Directory.CreateTempSubdirectory("mosquitto-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string Host => "127.0.0.1";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run the README's test command, which installs mosquitto.");
        }

        await File.WriteAllTextAsync(Path.Combine(_directory, "mosquitto.conf"), $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence false
            max_queued_messages 0
            max_inflight_messages 0
            log_dest stderr
            log_type error
            log_type warning
            """);
        await StartAsync();
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Executable, ["-c", Path.Combine(_directory, "mosquitto.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.ErrorDataReceived += (_, _) => { };
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

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(Host, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                if (_process is { HasExited: true } exited)
                {
                    throw new InvalidOperationException($"mosquitto exited with code {exited.ExitCode}");
                }

                await Task.Delay(50);
            }
        }
    }
}
