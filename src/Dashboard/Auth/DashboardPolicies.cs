using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Auth;

/// <summary>
/// The authorization policies, by name, for endpoints and pages. Each role includes the ones
/// before it: viewer &lt; operator &lt; admin. The wallboard role opens the wallboard alone.
/// </summary>
public static class DashboardPolicies
{
    /// <summary>Reads every page, API, export and the hub; also the fallback for whatever names no policy.</summary>
    public const string Viewer = "Viewer";

    /// <summary>A viewer who may also act (acknowledge, kick).</summary>
    public const string Operator = "Operator";

    /// <summary>An operator who may also set up the broker and read the audit log.</summary>
    public const string Admin = "Admin";

    /// <summary>The wallboard and its circuit: a wallboard key, or any viewer.</summary>
    public const string Wallboard = "Wallboard";

    public static AuthorizationPolicy ViewerPolicy { get; } = RoleAtLeast(DashboardRoles.Viewer, DashboardRoles.Operator, DashboardRoles.Admin);

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Viewer, ViewerPolicy);
        options.AddPolicy(Operator, RoleAtLeast(DashboardRoles.Operator, DashboardRoles.Admin));
        options.AddPolicy(Admin, RoleAtLeast(DashboardRoles.Admin));
        options.AddPolicy(Wallboard, RoleAtLeast(DashboardRoles.Wallboard, DashboardRoles.Viewer, DashboardRoles.Operator, DashboardRoles.Admin));

        // An endpoint that names no policy still needs a signed-in viewer: a new endpoint is closed until opened.
        options.FallbackPolicy = ViewerPolicy;
    }

    private static AuthorizationPolicy RoleAtLeast(params string[] roles) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(roles).Build();
}

/// <summary>The role names, as they appear in configuration and in the sign-in cookie.</summary>
public static class DashboardRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";
    public const string Wallboard = "wallboard";

    /// <summary>The roles an API key may have.</summary>
    public static readonly IReadOnlySet<string?> ForKeys = new HashSet<string?>(StringComparer.Ordinal) { Viewer, Operator, Admin, Wallboard };
}
