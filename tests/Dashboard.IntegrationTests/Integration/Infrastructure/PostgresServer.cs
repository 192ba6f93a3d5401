using Dashboard.Tests.Shared;
using System.Diagnostics;
using Npgsql;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL from Debian's packages (<c>/usr/lib/postgresql/*/bin</c>) on a free
/// 127.0.0.1 port, for one test class: initdb into a temp folder, pg_ctl start, and at the end
/// stop and delete. fsync is off: these tests check behaviour, a lost cluster costs nothing.
/// PostgreSQL refuses to run as root, so as root (here and in CI) it runs as the packaged
/// <c>postgres</c> user. Each test asks for its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string InstallRoot = "/usr/lib/postgresql";
    private const string OsUser = "postgres";
    private readonly string _directory = Directory.CreateTempSubdirectory("postgres-").FullName;
    private readonly bool _asRoot = Environment.UserName == "root";
    private string _bin = "";
    private bool _started;

    public int Port { get; } = FreePort.Next();

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Connects to the server's own <c>postgres</c> database, for administration.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public async Task InitializeAsync()
    {
        _bin = FindBinDirectory();
        if (_asRoot)
        {
            await RunAsync("chown", [$"{OsUser}:", _directory], asPostgres: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", DataDirectory, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
        await StartAsync();
    }

    /// <summary>Stops the server (fast: open sessions are ended), for tests of an outage; <see cref="StartAsync"/> brings it back.</summary>
    public async Task StopAsync()
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);
        _started = false;
    }

    /// <summary>Starts the server on its port, with the data it had.</summary>
    public async Task StartAsync()
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"),
        [
            "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off", "start",
        ]);
        _started = true;
    }

    /// <summary>A new, empty database (<c>t_&lt;guid&gt;</c>) and a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_started)
            {
                NpgsqlConnection.ClearAllPools();
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ToString();

    private static string FindBinDirectory()
    {
        // The highest installed major version; Debian 12 ships 15.
        var bin = (Directory.Exists(InstallRoot) ? Directory.GetDirectories(InstallRoot) : [])
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
            .FirstOrDefault();
        return bin ?? throw new InvalidOperationException(
            $"PostgreSQL is not installed (no {InstallRoot}/*/bin/pg_ctl): run the README's test command, which installs Debian's postgresql package.");
    }

    private async Task RunAsync(string executable, string[] arguments, bool asPostgres = true)
    {
        var start = new ProcessStartInfo(asPostgres && _asRoot ? "runuser" : executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            // The postgres user may not be allowed into the test's own working directory.
            WorkingDirectory = _directory,
        };
        if (asPostgres && _asRoot)
        {
            foreach (var prefix in new[] { "-u", OsUser, "--", executable })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_directory, "server.log");
            throw new InvalidOperationException(
                $"{Path.GetFileName(executable)} exited with code {process.ExitCode}:\n{await output}\n{await error}\n" +
                (File.Exists(log) ? await File.ReadAllTextAsync(log) : ""));
        }
    }
}
