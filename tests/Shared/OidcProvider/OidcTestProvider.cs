using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Dashboard.Tests.Shared;

/// <summary>
/// A real OpenID Connect provider (the oidc-provider npm package, run by node) on a free 127.0.0.1
/// port, with one client (the dashboard, at the address given) and three users:
/// <c>viewer</c> (roles dash-viewers), <c>operator</c> (dash-ops) and <c>outsider</c> (other-team).
/// The test project's build installs the package (npm ci) and names its folder in the assembly.
/// </summary>
public sealed class OidcTestProvider : IAsyncDisposable
{
    public const string ClientId = "dashboard";
    public const string ClientSecret = "client-secret-for-tests-0123456789-abc";
    public const string ViewerValue = "dash-viewers";
    public const string OperatorValue = "dash-ops";

    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;

    private OidcTestProvider(int port, Process process)
    {
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public Uri Authority => new($"http://127.0.0.1:{Port}");

    /// <summary>The settings that point the dashboard at this provider.</summary>
    public static Dictionary<string, string?> DashboardSettings(int providerPort) => new()
    {
        ["Auth:Mode"] = "oidc",
        ["Auth:Oidc:Authority"] = $"http://127.0.0.1:{providerPort}",
        ["Auth:Oidc:ClientId"] = ClientId,
        ["Auth:Oidc:ClientSecret"] = ClientSecret,
        ["Auth:Oidc:Roles:Viewer:0"] = ViewerValue,
        ["Auth:Oidc:Roles:Operator:0"] = OperatorValue,
    };

    /// <summary>Starts the provider on <paramref name="port"/> for a dashboard at <paramref name="dashboard"/>; returns once it listens.</summary>
    public static async Task<OidcTestProvider> StartAsync(int port, Uri dashboard)
    {
        var directory = typeof(OidcTestProvider).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "OidcProviderDirectory").Value!;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("provider.mjs");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(dashboard.GetLeftPart(UriPartial.Authority));
        start.ArgumentList.Add(ClientSecret);

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var provider = new OidcTestProvider(port, process);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            provider._output.Enqueue(e.Data);
            if (e.Data == "listening")
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                provider._output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(30)));
        if (first != listening.Task)
        {
            await provider.DisposeAsync();
            throw new InvalidOperationException("The OIDC test provider did not start:\n" + string.Join('\n', provider._output));
        }

        return provider;
    }

    /// <summary>What node printed, for a failing test's message.</summary>
    public string Output => string.Join('\n', _output);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Closing stdin asks the provider to stop; kill it if it has not within a few seconds.
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }
}
