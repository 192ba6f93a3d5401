namespace Dashboard.Core.Live;

/// <summary>The headline numbers of the live state, copied at one moment.</summary>
public sealed record LiveSummary(
    DateTimeOffset At,
    int Online,
    int Known,
    long ConnectsLastMinute,
    long DisconnectsLastMinute,
    long ConnectsLastHour,
    long DisconnectsLastHour,
    double EventsPerSecond,
    DateTimeOffset? LastEventAt);
