using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Dashboard.History;

/// <summary>The data-protection key ring in this database, shared by every instance on it (<see cref="PostgresKeyRepository"/>).</summary>
public sealed partial class PostgresHistoryStore
{
    internal IXmlRepository KeyRepository => new PostgresKeyRepository(_dataSource);
}
