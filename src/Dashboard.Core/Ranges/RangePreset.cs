namespace Dashboard.Core.Ranges;

/// <summary>
/// A range people pick by name: the last <see cref="Span"/> up to now. The name is what links and
/// buttons carry ("1h"), so it never changes; <see cref="Custom"/> stands for two chosen instants.
/// </summary>
public sealed record RangePreset(string Name, TimeSpan Span)
{
    public static readonly RangePreset FifteenMinutes = new("15m", TimeSpan.FromMinutes(15));
    public static readonly RangePreset Hour = new("1h", TimeSpan.FromHours(1));
    public static readonly RangePreset Day = new("24h", TimeSpan.FromDays(1));
    public static readonly RangePreset Week = new("7d", TimeSpan.FromDays(7));

    /// <summary>Not a span up to now but two fixed instants (see <see cref="TimeRange.Between"/>).</summary>
    public static readonly RangePreset Custom = new("custom", TimeSpan.Zero);

    /// <summary>The preset of <paramref name="among"/> with this name (any case, spaces trimmed), or null.</summary>
    public static RangePreset? Find(string? name, IEnumerable<RangePreset> among) =>
        name is null ? null : among.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
