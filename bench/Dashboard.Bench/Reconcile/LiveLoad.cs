using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;

namespace Dashboard.Bench.Reconcile;

/// <summary>
/// Live events at a steady rate into the ingestion channel (a connect, then that session's
/// disconnect, round a fixed set of client IDs), each timed from just before its write to its
/// acknowledgement, and filed under the phase that was current when it was written.
/// </summary>
internal sealed class LiveLoad(ChannelWriter<IngestItem> writer, int clients, int perSecond)
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new(StringComparer.Ordinal);
    private volatile string _phase = "";

    /// <summary>Where new events' latencies go; empty: not recorded.</summary>
    public string Phase
    {
        get => _phase;
        set => _phase = value;
    }

    public Latencies Latencies(string phase) => new(_latencies.TryGetValue(phase, out var bag) ? [.. bag] : []);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var connectedAt = new DateTimeOffset[clients];
        var clock = Stopwatch.StartNew();
        for (long n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var due = TimeSpan.FromSeconds(n / (double)perSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            var i = (int)(n % clients);
            var id = "live-" + i.ToString("D5", CultureInfo.InvariantCulture);
            var now = DateTimeOffset.UtcNow;
            ConnectionEvent e;
            if (connectedAt[i] == default)
            {
                connectedAt[i] = now;
                e = new ConnectionEvent { ClientId = id, Kind = ConnectionEventKind.Connected, EventTime = now, ConnectedAt = now, ReceivedAt = now, Source = EventSourceKind.Mqtt, PeerIp = "10.1.0.1", PeerPort = 40000 + i };
            }
            else
            {
                e = new ConnectionEvent { ClientId = id, Kind = ConnectionEventKind.Disconnected, EventTime = now, ConnectedAt = connectedAt[i], ReceivedAt = now, Source = EventSourceKind.Mqtt, PeerIp = "10.1.0.1", PeerPort = 40000 + i, Reason = "normal" };
                connectedAt[i] = default;
            }

            var phase = _phase;
            var started = Stopwatch.GetTimestamp();
            Func<CancellationToken, Task>? acknowledge = phase.Length == 0 ? null : _ =>
            {
                _latencies.GetOrAdd(phase, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return Task.CompletedTask;
            };
            await writer.WriteAsync(new IngestItem(e, acknowledge), cancellationToken);
        }
    }
}

/// <summary>Latencies in ms, with their percentiles.</summary>
internal sealed class Latencies(double[] values)
{
    private readonly double[] _sorted = [.. values.Order()];

    public double P(double q) => _sorted.Length == 0 ? double.NaN : _sorted[Math.Min(_sorted.Length - 1, (int)(q * _sorted.Length))];

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{_sorted.Length:N0}, {P(0.5):F1} / {P(0.99):F1} ms");

    public string Ratio(Latencies reference) => string.Create(CultureInfo.InvariantCulture, $"{P(0.5) / reference.P(0.5):F1}× / {P(0.99) / reference.P(0.99):F1}×");
}
