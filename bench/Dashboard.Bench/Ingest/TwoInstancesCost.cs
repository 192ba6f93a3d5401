using System.Diagnostics;
using System.Globalization;
using Dashboard.Simulator.Events;
using Dashboard.Simulator.Mqtt;
using Npgsql;

namespace Dashboard.Bench.Ingest;

/// <summary>
/// What an instance costs, and what a second one adds (issue 15, "two instances"): the same paced
/// stream of N clients connecting (QoS 1) through mosquitto to one dashboard, then to two, each
/// run on a fresh PostgreSQL database. Per instance: CPU (percent of one core over the stream),
/// peak RSS (<c>/proc/&lt;pid&gt;/status</c> VmRSS, sampled every 250 ms), what it stored and what
/// the store already had. For PostgreSQL: the database's transactions, rows inserted and the CPU
/// of the server's processes over the run.
/// </summary>
internal static class TwoInstancesCost
{
    /// <param name="adminConnectionString">A superuser connection to the server (the <c>postgres</c> database).</param>
    /// <param name="postmasterPid">The server's postmaster, whose children's CPU is the database's cost.</param>
    public static async Task<int> RunAsync(string adminConnectionString, int postmasterPid, int clients, int perSecond)
    {
        Console.WriteLine($"two-instances: {clients:N0} clients connecting at {perSecond:N0}/s, QoS 1, PostgreSQL history, one instance then two");
        foreach (var instances in (int[])[1, 2])
        {
            var ok = await RunOnceAsync(adminConnectionString, postmasterPid, clients, perSecond, instances);
            if (!ok)
            {
                return 1;
            }
        }

        return 0;
    }

    private static async Task<bool> RunOnceAsync(string adminConnectionString, int postmasterPid, int clients, int perSecond, int instances)
    {
        var connectionString = await CreateDatabaseAsync(adminConnectionString, $"bench_two_{instances.ToString(CultureInfo.InvariantCulture)}");
        await using var broker = await BenchBroker.StartAsync();
        var dashboards = new List<DashboardUnderTest>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                dashboards.Add(await DashboardUnderTest.StartAsync(broker, $"bench-two-{i.ToString(CultureInfo.InvariantCulture)}", new Dictionary<string, string>
                {
                    ["History:Provider"] = "postgres",
                    ["History:ConnectionString"] = connectionString,
                }));
            }

            var idleRss = dashboards.Select(d => RssMb(d.ProcessId)).ToArray();
            var cpuBefore = dashboards.Select(d => d.CpuTime).ToArray();
            var databaseBefore = await DatabaseStatsAsync(connectionString);
            var postgresCpuBefore = ServerCpu(postmasterPid);
            var peakRss = (double[])idleRss.Clone();
            using var sampling = new CancellationTokenSource();
            var sampler = SampleRssAsync(dashboards, peakRss, sampling.Token);

            var firehose = new Firehose(new FirehoseOptions
            {
                Broker = new BrokerOptions { Host = broker.Host, Port = broker.Port },
                Rate = perSecond,
                Clients = clients,
                Count = clients,
                Qos = 1,
                ConnectAllFirst = true,
                PublisherClientId = "bench-two-firehose",
            });
            var clock = Stopwatch.StartNew();
            var published = await firehose.RunAsync(CancellationToken.None);
            var watches = await Task.WhenAll(dashboards.Select(d => ProcessedWatch.RunAsync(d, clients, TimeSpan.FromSeconds(60))));
            var seconds = clock.Elapsed.TotalSeconds;
            await sampling.CancelAsync();
            await sampler;

            // Backends report their statistics at most once a second: let the last report in.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var databaseAfter = await DatabaseStatsAsync(connectionString);
            var postgresCpu = (ServerCpu(postmasterPid) - postgresCpuBefore).TotalSeconds;
            Console.WriteLine($"-- {instances} instance(s): published {published.Published:N0} at {published.EventsPerSecond:N0}/s; {seconds:F1} s until every instance had processed them");
            var rows = 0L;
            for (var i = 0; i < instances; i++)
            {
                var status = watches[i].Final;
                var cpu = (dashboards[i].CpuTime - cpuBefore[i]).TotalSeconds;
                rows += status.History.Stored;
                Console.WriteLine($"   instance {i + 1}: CPU {cpu:F1} s = {100 * cpu / seconds:F0} % of one core; RSS idle {idleRss[i]:F0} MB, peak {peakRss[i]:F0} MB; stored {status.History.Stored:N0}, already stored {status.History.AlreadyStored:N0}");
            }

            Console.WriteLine($"   PostgreSQL: CPU {postgresCpu:F1} s = {100 * postgresCpu / seconds:F0} % of one core; {databaseAfter.Commits - databaseBefore.Commits:N0} transactions, {databaseAfter.Inserted - databaseBefore.Inserted:N0} rows inserted, table holds {await CountAsync(connectionString):N0}");
            return rows == clients;
        }
        finally
        {
            foreach (var dashboard in dashboards)
            {
                await dashboard.DisposeAsync();
            }
        }
    }

    private static async Task SampleRssAsync(List<DashboardUnderTest> dashboards, double[] peak, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < dashboards.Count; i++)
            {
                peak[i] = Math.Max(peak[i], RssMb(dashboards[i].ProcessId));
            }

            try
            {
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
                // Done: the caller reads the peaks.
            }
        }
    }

    private static double RssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>User and system time of the postmaster and its children (the backends, WAL writer, checkpointer), from <c>/proc</c>.</summary>
    private static TimeSpan ServerCpu(int postmasterPid)
    {
        var ticks = 0L;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // Fields after the command's closing parenthesis: state, ppid, ... utime (14th), stime (15th).
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (pid == postmasterPid || int.Parse(fields[1], CultureInfo.InvariantCulture) == postmasterPid)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        // Linux reports these in clock ticks of 1/100 s (USER_HZ).
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static async Task<string> CreateDatabaseAsync(string adminConnectionString, string name)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ToString();
    }

    private static async Task<(long Commits, long Inserted)> DatabaseStatsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        // The statistics are sent by each backend at its transaction's end and cached per transaction: clear the cache first.
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var read = new NpgsqlCommand("SELECT xact_commit, tup_inserted FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await read.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM connection_events", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
