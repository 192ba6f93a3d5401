using System.Diagnostics;

namespace Dashboard.Bench.Ingest;

/// <summary>Waits for the reference subscriber as <see cref="ProcessedWatch"/> does for the dashboard.</summary>
internal static class ReferenceWatch
{
    public static async Task<ReceiveWindow> RunAsync(ReferenceSubscriber subscriber, long expected, TimeSpan stall)
    {
        long lastCount = -1;
        var lastProgress = Stopwatch.GetTimestamp();
        while (subscriber.Received < expected && Stopwatch.GetElapsedTime(lastProgress) <= stall)
        {
            if (subscriber.Received != lastCount)
            {
                lastCount = subscriber.Received;
                lastProgress = Stopwatch.GetTimestamp();
            }

            await Task.Delay(20);
        }

        return subscriber.Window;
    }
}
