using System.Globalization;

namespace Dashboard.StormBench;

/// <summary>A set of latencies in milliseconds, summarised as count, p50, p95 and max.</summary>
internal sealed class Latencies
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double ms) => _values.Add(ms);

    public double Percentile(double p)
    {
        if (_values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public double Max => _values.Count == 0 ? double.NaN : _values.Max();

    public double Min => _values.Count == 0 ? double.NaN : _values.Min();

    /// <summary>"p50 / p95 / max (n)" in whole milliseconds.</summary>
    public override string ToString() => _values.Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"{Percentile(50):0} / {Percentile(95):0} / {Max:0} ms (n={Count}, min {Min:0})");
}

internal static class Units
{
    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB");

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
