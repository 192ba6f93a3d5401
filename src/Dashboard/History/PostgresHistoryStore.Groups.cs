using Dashboard.Core.Groups;

namespace Dashboard.History;

/// <summary>Run-time device groups (<see cref="GroupTable"/>), written like the actions: each change NOTIFYs the other instances.</summary>
public sealed partial class PostgresHistoryStore : IGroupStoreOwner
{
    private SqlGroupStore? _groups;

    public IGroupStore Groups => _groups ??= new SqlGroupStore(async ct => await _readSource.OpenConnectionAsync(ct), WriteAsync);
}
