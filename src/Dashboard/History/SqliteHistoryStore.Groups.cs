using Dashboard.Core.Groups;

namespace Dashboard.History;

/// <summary>Run-time device groups (<see cref="GroupTable"/>), written like the actions: on the one write connection.</summary>
public sealed partial class SqliteHistoryStore : IGroupStoreOwner
{
    private SqlGroupStore? _groups;

    public IGroupStore Groups => _groups ??= new SqlGroupStore(OpenReadConnectionAsync, WriteAsync);
}
