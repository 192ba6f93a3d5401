using Dashboard.Core.Groups;

namespace Dashboard.Groups;

/// <summary>
/// One group as pages and the API show it: its criteria as written, whether it comes from configuration
/// (read-only) or was defined at run time (who and when), and its place in the matching order (1 first).
/// </summary>
public sealed record GroupView(
    string Name,
    string? ClientIdPattern,
    string? UsernamePattern,
    string? Cidr,
    bool Configured,
    int Position,
    string? CreatedBy,
    DateTimeOffset? CreatedAt)
{
    public static GroupView Of(DeviceGroup group, int position, StoredGroup? stored) => new(
        group.Name,
        group.ClientIdPattern?.Text,
        group.UsernamePattern?.Text,
        group.Cidr,
        stored is null,
        position,
        stored?.CreatedBy,
        stored?.CreatedAt);
}

/// <summary>The criteria of a group to create or change, as an admin typed them; blank means unset.</summary>
public sealed record GroupInput(string? Name, string? ClientIdPattern, string? UsernamePattern, string? Cidr);

public enum GroupChangeOutcome
{
    Done,
    Invalid,
    NameTaken,
    NotFound,
    Configured,
    HistoryOff,
}

/// <summary>How a change went: the group as it now is, or what was wrong (the field and why for <see cref="GroupChangeOutcome.Invalid"/>).</summary>
public sealed record GroupChangeResult(GroupChangeOutcome Outcome, GroupView? Group = null, GroupError? Error = null);
