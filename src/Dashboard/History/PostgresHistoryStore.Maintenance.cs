using Dashboard.Core.Maintenance;

namespace Dashboard.History;

/// <summary>Maintenance windows (<see cref="MaintenanceTable"/>): each create and end is announced to the other instances in its write's transaction.</summary>
public sealed partial class PostgresHistoryStore : IMaintenanceStoreOwner
{
    private SqlMaintenanceStore? _maintenance;

    public IMaintenanceStore Maintenance => _maintenance ??= new SqlMaintenanceStore(async ct => await _readSource.OpenConnectionAsync(ct), WriteAsync, WriteScalarAsync);
}
