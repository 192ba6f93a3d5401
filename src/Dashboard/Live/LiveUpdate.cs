using Dashboard.Core.Live;

namespace Dashboard.Live;

/// <summary>
/// The message <c>/hubs/live</c> sends as <c>update</c>: the headline numbers now, and which client
/// IDs changed since the previous update (<see cref="Truncated"/>: too many to list, re-read all).
/// Sequence 0 is the snapshot a new connection receives first.
/// </summary>
public sealed record LiveUpdate(
    long Sequence,
    DateTime At,
    int Online,
    int Known,
    long ConnectsLastMinute,
    long DisconnectsLastMinute,
    long ConnectsLastHour,
    long DisconnectsLastHour,
    double EventsPerSecond,
    DateTime? LastEventAt,
    IReadOnlyList<string> ChangedClientIds,
    bool Truncated)
{
    public static LiveUpdate From(LiveSummary summary, long sequence, IReadOnlyList<string> changed, bool truncated) => new(
        sequence,
        summary.At.UtcDateTime,
        summary.Online,
        summary.Known,
        summary.ConnectsLastMinute,
        summary.DisconnectsLastMinute,
        summary.ConnectsLastHour,
        summary.DisconnectsLastHour,
        Math.Round(summary.EventsPerSecond, 1),
        summary.LastEventAt?.UtcDateTime,
        changed,
        truncated);
}
