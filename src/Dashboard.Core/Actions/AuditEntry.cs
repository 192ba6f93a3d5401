namespace Dashboard.Core.Actions;

/// <summary>
/// One row of the audit log: who (and in which role) did what to what, when, and how it went.
/// <see cref="Action"/> is a short code such as <c>acknowledge</c> or <c>sign-in</c>;
/// <see cref="Outcome"/> <c>success</c> or <c>failure</c>; <see cref="Detail"/> free text (a note, a reason).
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    string Role,
    string Action,
    string Target,
    string Outcome,
    string? Detail)
{
    /// <summary>Every text column is cut to this many characters when stored.</summary>
    public const int MaxFieldLength = 500;
}
