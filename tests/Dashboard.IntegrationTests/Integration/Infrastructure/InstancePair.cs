using System.Globalization;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>
/// Two dashboard processes on one PostgreSQL database and one mosquitto, as the scale-out runs
/// them: each with its own <c>Mqtt:ClientId</c> (so each has its own persistent session and is a
/// full subscriber), both writing history to the same database. Either can be killed, stopped and
/// started again with the same settings, as a Deployment's pod would be.
/// </summary>
public sealed class InstancePair : IAsyncDisposable
{
    private readonly Dictionary<string, string>[] _settings;
    private readonly string[] _dataDirectories;
    private readonly DashboardProcess?[] _instances = new DashboardProcess?[2];

    private InstancePair(MosquittoBroker broker, string connectionString)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        _dataDirectories = [.. Enumerable.Range(0, 2).Select(_ => Directory.CreateTempSubdirectory("dashboard-scale-").FullName)];
        _settings = [.. Enumerable.Range(0, 2).Select(i => new Dictionary<string, string>
        {
            ["Mqtt:Host"] = broker.Host,
            ["Mqtt:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ClientId"] = $"scale-{run}-{(char)('a' + i)}",
            ["Mqtt:ReconnectInitialDelaySeconds"] = "0.1",
            ["Mqtt:ReconnectMaxDelaySeconds"] = "1",
            ["History:Provider"] = "postgres",
            ["History:ConnectionString"] = connectionString,
            ["History:DataDirectory"] = _dataDirectories[i],
            ["Webhook:Enabled"] = "false",
        })];
    }

    public DashboardProcess A => _instances[0] ?? throw new InvalidOperationException("instance A is not running");

    public DashboardProcess B => _instances[1] ?? throw new InvalidOperationException("instance B is not running");

    /// <summary>Both instances, started at the same time: their schema set-ups race, as two new pods' do.</summary>
    public static async Task<InstancePair> StartAsync(MosquittoBroker broker, string connectionString)
    {
        var pair = new InstancePair(broker, connectionString);
        try
        {
            await Task.WhenAll(pair.StartAsync(0), pair.StartAsync(1));
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Only instance A, started; B is started later with <see cref="StartAsync(int)"/>, under a client ID the broker has never seen.</summary>
    public static async Task<InstancePair> StartFirstAsync(MosquittoBroker broker, string connectionString)
    {
        var pair = new InstancePair(broker, connectionString);
        try
        {
            await pair.StartAsync(0);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts instance <paramref name="index"/> (0 = A, 1 = B) with its settings and waits until it has subscribed.</summary>
    public async Task StartAsync(int index) => _instances[index] = await DashboardProcess.StartAsync(_settings[index]);

    /// <summary>SIGKILL to instance <paramref name="index"/>.</summary>
    public async Task KillAsync(int index)
    {
        var instance = _instances[index] ?? throw new InvalidOperationException("not running");
        _instances[index] = null;
        await instance.KillAsync();
        await instance.DisposeAsync();
    }

    /// <summary>SIGTERM to instance <paramref name="index"/>, as a rolling update stops a pod, and waits for the exit.</summary>
    public async Task StopAsync(int index)
    {
        var instance = _instances[index] ?? throw new InvalidOperationException("not running");
        _instances[index] = null;
        await instance.StopAsync();
        await instance.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }

        foreach (var directory in _dataDirectories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
