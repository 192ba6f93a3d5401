namespace Dashboard.Core.Live;

/// <summary>Bounds of the in-memory live state. Bound from the <c>Live</c> configuration section.</summary>
public sealed class LiveStateOptions
{
    public const string Section = "Live";

    /// <summary>Offline clients kept for the "recently seen" list; the oldest endings go first.</summary>
    public int MaxOfflineClients { get; set; } = 100_000;

    /// <summary>How long an offline client stays in the list.</summary>
    public TimeSpan OfflineRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many recent event identities are remembered to drop repeats.</summary>
    public int DuplicateWindow { get; set; } = 200_000;

    /// <summary>How many parse failures are kept, with their raw payloads, for diagnostics.</summary>
    public int ParseFailuresKept { get; set; } = 50;
}
