using System.Security.Claims;

namespace Dashboard.Auth;

/// <summary>The principals the dashboard signs in: a name and one role (none: signed in, but no access).</summary>
public static class DashboardUser
{
    public static ClaimsPrincipal Create(string name, string? role, string authenticationType) =>
        new(new ClaimsIdentity(
            role is null ? [new Claim(ClaimTypes.Name, name)] : [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)],
            authenticationType));

    /// <summary>The user's role, for the app bar; null when not signed in.</summary>
    public static string? RoleOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirst(ClaimTypes.Role)?.Value : null;
}
