using System.Globalization;

namespace Dashboard.Simulator.Cli;

/// <summary>
/// <c>--name value</c> pairs and <c>--flag</c> switches, read by type. Every read is remembered so that
/// whatever is left over is reported as unknown instead of being silently ignored.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <param name="flags">Options that take no value.</param>
    public ArgumentReader(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length == 2)
            {
                throw new UsageException($"unexpected argument '{name}': options look like --name value");
            }

            if (_values.ContainsKey(name))
            {
                throw new UsageException($"{name} is given twice");
            }

            if (flags.Contains(name))
            {
                _values[name] = null;
                continue;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"{name} needs a value");
            }

            _values[name] = args[++i];
        }
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _values.ContainsKey(name);
    }

    public string? Text(string name)
    {
        _read.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public int? Int(string name, int min, int max)
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw new UsageException($"{name} must be a whole number from {min} to {max}, got '{text}'");
        }

        return value;
    }

    public long? Long(string name, long min)
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) || value < min)
        {
            throw new UsageException($"{name} must be a whole number of at least {min}, got '{text}'");
        }

        return value;
    }

    public double? Double(string name, double min, double max)
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < min || value > max)
        {
            throw new UsageException($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
        }

        return value;
    }

    /// <summary>A positive number of seconds (fractions allowed).</summary>
    public TimeSpan? Seconds(string name)
    {
        double? seconds = Double(name, 0.001, TimeSpan.MaxValue.TotalSeconds / 2);
        return seconds is null ? null : TimeSpan.FromSeconds(seconds.Value);
    }

    /// <summary>Fails on any option no one asked for, e.g. a typo.</summary>
    public void ThrowIfUnknownLeft()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option {string.Join(", ", unknown)}");
        }
    }
}
