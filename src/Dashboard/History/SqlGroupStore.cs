using System.Data.Common;
using Dashboard.Core.Groups;

namespace Dashboard.History;

/// <summary>
/// <see cref="IGroupStore"/> on a history database, the same for SQLite and PostgreSQL, written through the
/// store's action writer: on PostgreSQL each change is announced to the other instances with NOTIFY in its own
/// transaction (<see cref="ActionNotice.GroupsChanged"/>), as acknowledgements are.
/// </summary>
internal sealed class SqlGroupStore(
    Func<CancellationToken, Task<DbConnection>> openRead,
    Func<Func<DbConnection, DbCommand>, ActionNotice?, CancellationToken, Task<int>> write) : IGroupStore
{
    public async Task<IReadOnlyList<StoredGroup>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await openRead(cancellationToken);
        return await GroupTable.ListAsync(connection, cancellationToken);
    }

    public async Task<bool> AddAsync(StoredGroup group, CancellationToken cancellationToken) =>
        await write(connection => GroupTable.Insert(connection, group), ActionNotice.GroupsChanged, cancellationToken) > 0;

    public async Task<bool> UpdateAsync(StoredGroup group, CancellationToken cancellationToken) =>
        await write(connection => GroupTable.Update(connection, group), ActionNotice.GroupsChanged, cancellationToken) > 0;

    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken) =>
        await write(connection => GroupTable.Delete(connection, name), ActionNotice.GroupsChanged, cancellationToken) > 0;
}
