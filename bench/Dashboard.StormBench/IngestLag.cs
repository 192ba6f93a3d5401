using System.Globalization;

namespace Dashboard.StormBench;

/// <summary>
/// Polls <c>/api/ingest/status</c> during a run to show where events wait when the screen lags:
/// between the broker and the dashboard's MQTT client (delivered to the second subscriber but not
/// yet received), in the ingestion channel (received, not yet applied), or before the history
/// write (applied, not yet stored); and who was busy meanwhile (the dashboard's and mosquitto's CPU
/// over each interval). The first cut of a profile, printed as a time series.
/// </summary>
internal sealed class IngestLag : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _rows = [];
    private readonly Task _loop;

    public IngestLag(BenchRun run, Func<long> published) => _loop = Task.Run(() => LoopAsync(run, published));

    /// <summary>Stops polling; returns a Markdown table, one row per poll.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return
        [
            "| s | published | delivered to the tap | dashboard received | in channel | applied | stored | dashboard CPU | mosquitto CPU | load avg |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            .. _rows,
        ];
    }

    private async Task LoopAsync(BenchRun run, Func<long> published)
    {
        var start = DateTime.UtcNow;
        var dashboard = ProcessSample.Read(run.Server.ProcessId);
        var broker = ProcessSample.Read(run.Broker.ProcessId);
        while (!_stop.IsCancellationRequested)
        {
            var (dashboardBefore, brokerBefore) = (dashboard, broker);
            (dashboard, broker) = (ProcessSample.Read(run.Server.ProcessId), ProcessSample.Read(run.Broker.ProcessId));
            long sent = published();
            long delivered = run.Tap.Delivered;
            if (await run.Server.TryGetStatusAsync() is { } s)
            {
                var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                _rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {(DateTime.UtcNow - start).TotalSeconds:0} | {Units.N(sent)} | {Units.N(delivered)} | {Units.N(s.Received)} | {Units.N(s.Backlog)} | {Units.N(s.Accepted + s.Duplicates)} | {Units.N(s.History.Stored + s.History.AlreadyStored)} | {ProcessSample.CpuPercent(dashboardBefore, dashboard):0}% | {ProcessSample.CpuPercent(brokerBefore, broker):0}% | {load} |"));
            }

            try
            {
                await Task.Delay(Every, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
