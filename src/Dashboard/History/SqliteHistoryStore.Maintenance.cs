using Dashboard.Core.Maintenance;

namespace Dashboard.History;

/// <summary>Maintenance windows (<see cref="MaintenanceTable"/>): writes on the one write connection, reads on a read connection.</summary>
public sealed partial class SqliteHistoryStore : IMaintenanceStoreOwner
{
    private SqlMaintenanceStore? _maintenance;

    public IMaintenanceStore Maintenance => _maintenance ??= new SqlMaintenanceStore(OpenReadConnectionAsync, WriteAsync, WriteScalarAsync);
}
