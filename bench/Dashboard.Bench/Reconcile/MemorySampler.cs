using System.Diagnostics;

namespace Dashboard.Bench.Reconcile;

/// <summary>Samples the managed heap and the process's working set every 50 ms, keeping the peaks.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakHeap;
    private long _peakWorkingSet;

    public MemorySampler()
    {
        _sampling = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));
                _peakWorkingSet = Math.Max(_peakWorkingSet, process.WorkingSet64);
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    public (long PeakHeap, long PeakWorkingSet) Stop()
    {
        _stop.Cancel();
        _sampling.Wait();
        return (_peakHeap, _peakWorkingSet);
    }

    public void Dispose() => _stop.Dispose();
}
