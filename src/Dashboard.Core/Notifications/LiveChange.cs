namespace Dashboard.Core.Notifications;

/// <summary>
/// "Something changed": the client IDs touched since the last notification, capped. It carries no
/// state; a subscriber re-reads what it shows. <see cref="Truncated"/> says the cap was hit, so
/// treat everything as changed.
/// </summary>
public sealed record LiveChange(long Sequence, IReadOnlyList<string> ChangedClientIds, bool Truncated);
