namespace Dashboard.Core.Maintenance;

/// <summary>
/// Where maintenance windows are kept: the history database (both stores). There is no in-memory one:
/// a plan that a restart forgets would wake people up after all, so with history off windows are refused.
/// </summary>
public interface IMaintenanceStore
{
    /// <summary>Stores a new window (its <see cref="MaintenanceWindow.Id"/> is ignored); returns it with its ID.</summary>
    Task<MaintenanceWindow> AddAsync(MaintenanceWindow window, CancellationToken cancellationToken);

    /// <summary>Ends the window early at <paramref name="at"/>; false when there is none, it is already ended, or it was over by then.</summary>
    Task<bool> EndAsync(long id, DateTimeOffset at, string endedBy, CancellationToken cancellationToken);

    Task<MaintenanceWindow?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Windows whose effective end is after <paramref name="after"/>, oldest start first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<MaintenanceWindow>> ListEndingAfterAsync(DateTimeOffset after, int limit, CancellationToken cancellationToken);

    /// <summary>Windows over by <paramref name="now"/> (their effective end), latest end first, a page of them.</summary>
    Task<IReadOnlyList<MaintenanceWindow>> ListPastAsync(DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken);
}

/// <summary>A history store that keeps maintenance windows in its own database.</summary>
public interface IMaintenanceStoreOwner
{
    IMaintenanceStore Maintenance { get; }
}
