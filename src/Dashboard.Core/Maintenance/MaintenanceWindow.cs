namespace Dashboard.Core.Maintenance;

/// <summary>What a maintenance window covers: every client of a device group, or client IDs matching a glob.</summary>
public enum MaintenanceScope
{
    Group,
    ClientIdPattern,
}

/// <summary>
/// Planned work: the clients in scope are expected offline from <see cref="From"/> to <see cref="To"/>.
/// <see cref="EndedAt"/> is set when an operator ends the window early (<see cref="EndedBy"/> says who); it then
/// covers up to that moment.
/// </summary>
public sealed record MaintenanceWindow(
    long Id,
    MaintenanceScope Scope,
    string Target,
    DateTimeOffset From,
    DateTimeOffset To,
    string Note,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt = null,
    string? EndedBy = null)
{
    /// <summary>The end that holds: the planned one, or the early end if there was one.</summary>
    public DateTimeOffset EffectiveTo => EndedAt is { } ended && ended < To ? ended : To;

    public bool IsActiveAt(DateTimeOffset at) => From <= at && at < EffectiveTo;

    /// <summary>True when some time is left in it after <paramref name="at"/>: in force or still to come.</summary>
    public bool IsCurrentOrUpcomingAt(DateTimeOffset at) => at < EffectiveTo && From < EffectiveTo;

    /// <summary>What it covers as people read it: <c>group plant-3</c> or <c>client IDs plant-3/*</c>.</summary>
    public string Describe() => Scope == MaintenanceScope.Group ? $"group {Target}" : $"client IDs {Target}";
}
