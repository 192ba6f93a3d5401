using System.Net;
using System.Text;
using Dashboard.Core.Groups;
using Microsoft.Data.Sqlite;

namespace Dashboard.History;

/// <summary>A WHERE fragment with its parameters, to AND into a query over rows with client_id, username and peer_ip.</summary>
internal sealed record SqlPredicate(string Sql, IReadOnlyList<(string Name, object Value)> Parameters)
{
    /// <summary>Matches nothing: a group deleted between the request's check and the query has no clients.</summary>
    public static readonly SqlPredicate Nothing = new("1 = 0", []);

    /// <summary>Matches every row: no group asked for.</summary>
    public static readonly SqlPredicate Everything = new("1 = 1", []);
}

/// <summary>
/// "In group G" as SQL, compiled from the <see cref="GroupMatcher"/> in force, for either database: G's criteria
/// hold and those of no group before it (the first match wins). It gives the same answer as
/// <see cref="GroupMatcher.IsIn"/> on every row (a contract test holds both to one table):
/// <list type="bullet">
/// <item>globs become SQLite's GLOB (case-sensitive; '[' is its only other special character, so it is bracketed)
/// or PostgreSQL's LIKE (case-sensitive; '%', '_' and the escape character '\' escaped); both count a character as
/// one code point, as <see cref="GlobPattern"/> does;</item>
/// <item>a missing username never matches a username pattern (and never turns the whole test into NULL, which
/// NOT would leave NULL and drop the row);</item>
/// <item>a network goes through <see cref="GroupTable.IpInFunction"/>: a function of PostgreSQL's schema, and of
/// each SQLite read connection (<see cref="RegisterSqlite"/>, the .NET rule itself), false for any text that is
/// not a plain address, never an error.</item>
/// </list>
/// Patterns and networks are parameters, never SQL text.
/// </summary>
internal static class GroupPredicate
{
    /// <summary>The predicate for <paramref name="filter"/> in the dialect of <paramref name="connection"/>; null when the group is not (or no longer) defined.</summary>
    public static SqlPredicate? For(GroupFilter filter, System.Data.Common.DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return For(filter.Matcher, filter.Name, connection is Npgsql.NpgsqlConnection);
    }

    /// <summary>The predicate for the group of that name (ignoring case), or null when there is none.</summary>
    public static SqlPredicate? For(GroupMatcher matcher, string name, bool postgres)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        var groups = matcher.Groups;
        var index = -1;
        for (var i = 0; i < groups.Count && index < 0; i++)
        {
            index = string.Equals(groups[i].Name, name, StringComparison.OrdinalIgnoreCase) ? i : -1;
        }

        if (index < 0)
        {
            return null;
        }

        var parameters = new List<(string, object)>();
        var sql = new StringBuilder("(").Append(Matches(groups[index], postgres, parameters));
        for (var i = 0; i < index; i++)
        {
            sql.Append(" AND NOT ").Append(Matches(groups[i], postgres, parameters));
        }

        return new SqlPredicate(sql.Append(')').ToString(), parameters);
    }

    /// <summary>Adds <see cref="GroupTable.IpInFunction"/> to a SQLite connection (deterministic, so SQLite may fold repeated calls).</summary>
    public static void RegisterSqlite(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.CreateFunction(GroupTable.IpInFunction, (string? ip, string? net) => net is not null && IPNetwork.TryParse(net, out var network) && PeerAddress.IsIn(network, ip), isDeterministic: true);
    }

    private static string Matches(DeviceGroup group, bool postgres, List<(string, object)> parameters)
    {
        var tests = new List<string>(3);
        if (group.ClientIdPattern is { } clientId)
        {
            tests.Add(Glob("client_id", clientId, postgres, parameters));
        }

        if (group.UsernamePattern is { } username)
        {
            tests.Add($"(username IS NOT NULL AND {Glob("username", username, postgres, parameters)})");
        }

        if (group.Cidr is { } cidr)
        {
            tests.Add($"COALESCE({GroupTable.IpInFunction}(peer_ip, {Add(parameters, cidr)}), {(postgres ? "false" : "0")})");
        }

        return "(" + string.Join(" AND ", tests) + ")";
    }

    private static string Glob(string column, GlobPattern pattern, bool postgres, List<(string, object)> parameters) => postgres
        ? $"{column} LIKE {Add(parameters, ToLike(pattern.Text))} ESCAPE '\\'"
        : $"{column} GLOB {Add(parameters, ToGlob(pattern.Text))}";

    /// <summary>'*' and '?' mean the same in GLOB; '[' would open a character class, so it becomes the class of itself.</summary>
    internal static string ToGlob(string pattern) => pattern.Replace("[", "[[]", StringComparison.Ordinal);

    internal static string ToLike(string pattern)
    {
        var like = new StringBuilder(pattern.Length + 8);
        foreach (var c in pattern)
        {
            if (c is '\\' or '%' or '_')
            {
                like.Append('\\').Append(c);
            }
            else
            {
                like.Append(c switch { '*' => '%', '?' => '_', _ => c });
            }
        }

        return like.ToString();
    }

    private static string Add(List<(string, object)> parameters, string value)
    {
        var name = "@group" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        parameters.Add((name, value));
        return name;
    }
}
