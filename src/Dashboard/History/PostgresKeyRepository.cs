using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Dashboard.History;

/// <summary>
/// ASP.NET Core's data-protection key ring (what signs sign-in cookies and antiforgery tokens) in
/// PostgreSQL (<see cref="Table"/>, schema v6), so that every instance on the database reads the
/// same keys and a restarted container keeps them. Keys are stored as ASP.NET writes them: not
/// encrypted beyond what the database gives (see the README). The interface is synchronous; the
/// key ring is read rarely (start-up, then about once a day) and written more rarely still.
/// </summary>
internal sealed class PostgresKeyRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public const string Table = "data_protection_keys";

    private static readonly string ReadSql = $"SELECT xml FROM {Table} ORDER BY id";
    private static readonly string InsertSql = $"INSERT INTO {Table} (friendly_name, xml) VALUES (@name, @xml)";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand(ReadSql, connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand(InsertSql, connection);
        command.Parameters.AddWithValue("name", friendlyName ?? "");
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
