namespace Dashboard.Core.Actions;

/// <summary>
/// An operator's "seen, being handled" on a finding or incident, under its stable key
/// (<see cref="Conflicts.FindingKeys"/>). <see cref="CountAtAck"/> is the finding's count when it was
/// acknowledged: twice that, and it is re-opened.
/// </summary>
public sealed record Acknowledgement(
    string Key,
    string Target,
    string Actor,
    string Role,
    DateTimeOffset At,
    string Note,
    int CountAtAck)
{
    public const int MaxNoteLength = 500;

    /// <summary>Re-opened once the count has doubled since the acknowledgement: it got much worse.</summary>
    public bool IsReopenedAt(int count) => count >= Math.Max(1, CountAtAck) * 2;
}

/// <summary>How a finding stands with respect to acknowledgement, as pages and the API show it.</summary>
public sealed record AcknowledgementStatus(Acknowledgement Acknowledgement, bool Reopened);
