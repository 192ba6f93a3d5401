using System.Diagnostics;
using System.Globalization;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>
/// Debian's nginx running the documented <c>docs/deploy/nginx.conf</c>, changed only where a test
/// must: the two upstream servers, the listen addresses (free loopback ports), a self-signed
/// certificate for <c>dashboard.example.com</c>, and its own pid, log and temp files. Each change
/// must find its line, so the test fails when the document changes shape rather than test
/// something else.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/nginx";
    private readonly string _directory = Directory.CreateTempSubdirectory("nginx-").FullName;
    private Process? _process;

    private NginxProxy()
    {
    }

    public int HttpsPort { get; } = FreePort.Next();

    public Uri BaseAddress => new($"https://127.0.0.1:{HttpsPort.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The SHA-1 hash of the proxy's self-signed certificate: the one certificate a test client should accept.</summary>
    public string CertificateHash { get; private set; } = "";

    public string ErrorLog => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : "";

    public static async Task<NginxProxy> StartAsync(Uri first, Uri second)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run the README's test command (scripts/test.sh), which installs nginx-light.");
        }

        var proxy = new NginxProxy();
        try
        {
            await proxy.LaunchAsync(first, second);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    private async Task LaunchAsync(Uri first, Uri second)
    {
        await RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=dashboard.example.com",
            "-keyout", Path.Combine(_directory, "dashboard.key"), "-out", Path.Combine(_directory, "dashboard.crt"));
        using (var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(_directory, "dashboard.crt"))))
        {
            CertificateHash = certificate.GetCertHashString();
        }

        var config = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "docs", "deploy", "nginx.conf"));
        config = Replace(config, "server 10.0.0.11:8080", $"server {first.Authority}");
        config = Replace(config, "server 10.0.0.12:8080", $"server {second.Authority}");
        config = Replace(config, "listen 80;", $"listen 127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)};");
        config = Replace(config, "listen 443 ssl;", $"listen 127.0.0.1:{HttpsPort.ToString(CultureInfo.InvariantCulture)} ssl;");
        config = Replace(config, "/etc/nginx/tls", _directory);
        config = Replace(config, "http {", $$"""
            http {
                access_log off;
                client_body_temp_path {{_directory}}/client_body;
                proxy_temp_path {{_directory}}/proxy;
            """);
        config = $"pid {_directory}/nginx.pid;\nerror_log {_directory}/error.log warn;\ndaemon off;\n" + config;
        var path = Path.Combine(_directory, "nginx.conf");
        await File.WriteAllTextAsync(path, config);

        _process = Process.Start(new ProcessStartInfo(Executable, ["-c", path, "-p", _directory, "-e", Path.Combine(_directory, "error.log")])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("nginx did not start");
        await Eventually.HoldsAsync(IsListeningAsync, listening => listening, "nginx listens", TimeSpan.FromSeconds(30));
    }

    private async Task<bool> IsListeningAsync()
    {
        if (_process!.HasExited)
        {
            Assert.Fail($"nginx exited with code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {ErrorLog}");
        }

        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, HttpsPort);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static string Replace(string text, string what, string with)
    {
        Assert.True(text.Contains(what, StringComparison.Ordinal), $"docs/deploy/nginx.conf no longer has '{what}'");
        return text.Replace(what, with, StringComparison.Ordinal);
    }

    private static async Task RunAsync(string executable, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, arguments) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"{executable} did not start");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{executable} failed: {await error}");
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dashboard.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Dashboard.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
