using System.Data.Common;
using System.Globalization;
using Dashboard.Core.Maintenance;

namespace Dashboard.History;

/// <summary>
/// <see cref="IMaintenanceStore"/> on a history database, like <see cref="SqlActionStore"/>: the owning store
/// says how to read and how to run one write, and PostgreSQL announces each change to the other instances.
/// </summary>
/// <param name="openRead">Opens a read connection the caller disposes.</param>
/// <param name="write">Runs one statement where writes go, with the notice to send if it changed a row; returns the rows changed.</param>
/// <param name="writeScalar">The same for a statement that returns one value (an INSERT ... RETURNING id).</param>
internal sealed class SqlMaintenanceStore(
    Func<CancellationToken, Task<DbConnection>> openRead,
    Func<Func<DbConnection, DbCommand>, ActionNotice?, CancellationToken, Task<int>> write,
    Func<Func<DbConnection, DbCommand>, ActionNotice?, CancellationToken, Task<object?>> writeScalar) : IMaintenanceStore
{
    public async Task<MaintenanceWindow> AddAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var id = await writeScalar(connection => MaintenanceTable.Insert(connection, window), ActionNotice.MaintenanceChanged, cancellationToken);
        return window with { Id = Convert.ToInt64(id, CultureInfo.InvariantCulture), EndedAt = null, EndedBy = null };
    }

    public async Task<bool> EndAsync(long id, DateTimeOffset at, string endedBy, CancellationToken cancellationToken) =>
        await write(connection => MaintenanceTable.End(connection, id, at, endedBy), ActionNotice.MaintenanceChanged, cancellationToken) > 0;

    public async Task<MaintenanceWindow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await openRead(cancellationToken);
        var rows = await MaintenanceTable.GetAsync(connection, id, cancellationToken);
        return rows.Count > 0 ? rows[0] : null;
    }

    public async Task<IReadOnlyList<MaintenanceWindow>> ListEndingAfterAsync(DateTimeOffset after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await openRead(cancellationToken);
        return await MaintenanceTable.EndingAfterAsync(connection, after, limit, cancellationToken);
    }

    public async Task<IReadOnlyList<MaintenanceWindow>> ListPastAsync(DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await openRead(cancellationToken);
        return await MaintenanceTable.PastAsync(connection, now, offset, limit, cancellationToken);
    }
}
