using System.Security.Claims;
using Dashboard.Options;

namespace Dashboard.Auth;

/// <summary>
/// Maps the provider's claim values (<c>Auth:Oidc:RoleClaim</c>) to the dashboard's one role, once,
/// at sign-in: the highest role any of the user's values grants, or none.
/// </summary>
internal static class OidcRoles
{
    /// <summary>Every configured claim value, for the start-up check.</summary>
    public static IEnumerable<string> AllValues(OidcOptions o) =>
        o.Roles.Admin.Concat(o.Roles.Operator).Concat(o.Roles.Viewer).Where(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>The role that <paramref name="user"/>'s claim values grant, or null when none does.</summary>
    public static string? RoleOf(ClaimsPrincipal user, OidcOptions o)
    {
        var claim = o.RoleClaim.Trim();
        var values = user.FindAll(claim).Select(c => c.Value.Trim()).ToHashSet(StringComparer.Ordinal);
        return Grants(o.Roles.Admin, values) ? DashboardRoles.Admin
            : Grants(o.Roles.Operator, values) ? DashboardRoles.Operator
            : Grants(o.Roles.Viewer, values) ? DashboardRoles.Viewer
            : null;
    }

    /// <summary>The user's display name: name, else preferred_username, else the subject.</summary>
    public static string NameOf(ClaimsPrincipal user) =>
        new[] { "name", ClaimTypes.Name, "preferred_username", "sub", ClaimTypes.NameIdentifier }
            .Select(type => user.FindFirst(type)?.Value)
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "(unnamed)";

    private static bool Grants(List<string> configured, HashSet<string> values) =>
        configured.Any(v => values.Contains(v.Trim()));
}
