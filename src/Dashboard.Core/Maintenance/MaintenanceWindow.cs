using Dashboard.Core.Groups;

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

    /// <summary>
    /// True when the window's scope takes this client (its time aside): a client ID matching the pattern, or the
    /// group <paramref name="groups"/> puts it in by the first-match rule. For one client at a time (a page);
    /// <see cref="MaintenanceCalendar"/> keeps parsed patterns for the per-disconnect question.
    /// </summary>
    public bool Covers(string clientId, string? username, string? ip, GroupMatcher groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return Scope == MaintenanceScope.ClientIdPattern
            ? GlobPattern.TryParse(Target, out _)?.IsMatch(clientId) == true
            : groups.IsIn(Target, clientId, username, ip);
    }

    /// <summary>What it covers as people read it: <c>group plant-3</c> or <c>client IDs plant-3/*</c>.</summary>
    public string Describe() => Scope == MaintenanceScope.Group ? $"group {Target}" : $"client IDs {Target}";
}
