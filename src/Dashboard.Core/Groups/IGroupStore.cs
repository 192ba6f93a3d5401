namespace Dashboard.Core.Groups;

/// <summary>
/// A group an admin defined at run time, as stored: the criteria as written (checked again with
/// <see cref="DeviceGroup.TryCreate"/> when loaded), who made it and when. <see cref="Position"/> is the
/// order of creation; an edit keeps it.
/// </summary>
public sealed record StoredGroup(
    string Name,
    string? ClientIdPattern,
    string? UsernamePattern,
    string? Cidr,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Position = 0);

/// <summary>
/// Where run-time groups are kept: the history database (both stores). Names are unique ignoring case.
/// There is none with history off, and then only configured groups exist.
/// </summary>
public interface IGroupStore
{
    /// <summary>Every stored group, in creation order.</summary>
    Task<IReadOnlyList<StoredGroup>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds the group; false when a stored group has that name already (ignoring case).</summary>
    Task<bool> AddAsync(StoredGroup group, CancellationToken cancellationToken);

    /// <summary>Replaces the criteria of the group of that name (ignoring case); false when there is none.</summary>
    Task<bool> UpdateAsync(StoredGroup group, CancellationToken cancellationToken);

    /// <summary>Removes the group of that name (ignoring case); false when there is none.</summary>
    Task<bool> RemoveAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A history store that keeps run-time groups in its own database.</summary>
public interface IGroupStoreOwner
{
    IGroupStore Groups { get; }
}
