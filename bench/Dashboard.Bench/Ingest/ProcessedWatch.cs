using System.Diagnostics;
using Dashboard.Api;

namespace Dashboard.Bench.Ingest;

/// <summary>
/// Follows the dashboard's own counters through <c>/api/ingest/status</c>, every 20 ms, until it has
/// processed the expected number of events or stops making progress. "Processed" is what proves an
/// event went the whole way: written to history when history is on (the MQTT acknowledgement follows
/// that write), applied to live state when it is off.
/// </summary>
internal static class ProcessedWatch
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static long Processed(IngestStatusDto status) =>
        status.History.Provider == "none" ? status.Accepted + status.Duplicates : status.History.Stored + status.History.AlreadyStored;

    /// <summary>
    /// The window from the first poll that saw an event arrive to the first that saw all
    /// <paramref name="expected"/> processed; ends early after <paramref name="stall"/> without progress.
    /// </summary>
    public static async Task<(ReceiveWindow Window, IngestStatusDto Final)> RunAsync(DashboardUnderTest dashboard, long expected, TimeSpan stall)
    {
        long firstTicks = 0, firstCount = 0, lastTicks = 0, lastCount = -1;
        var lastProgress = Stopwatch.GetTimestamp();
        while (true)
        {
            var status = await dashboard.GetStatusAsync();
            var now = Stopwatch.GetTimestamp();
            var processed = Processed(status);
            if (firstTicks == 0 && status.Received > 0)
            {
                firstTicks = now;
                firstCount = processed;
            }

            if (processed != lastCount)
            {
                lastCount = processed;
                lastTicks = now;
                lastProgress = now;
            }

            if (processed >= expected || Stopwatch.GetElapsedTime(lastProgress) > stall)
            {
                return (new ReceiveWindow(processed, firstCount, firstTicks, lastTicks), status);
            }

            await Task.Delay(PollInterval);
        }
    }
}
