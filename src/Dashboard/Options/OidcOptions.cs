namespace Dashboard.Options;

/// <summary>
/// Sign-in with an OpenID Connect provider (<c>Auth:Oidc</c>): the provider, this app's client,
/// and which values of one claim of the user grant which role.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The provider's issuer URL (https; http only on loopback, for tests and development).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>A secret: never logged, never shown.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The claim whose values grant roles: <c>roles</c> (app roles) or <c>groups</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    public OidcRoleValues Roles { get; set; } = new();
}

/// <summary>The claim values that grant each role (<c>Auth:Oidc:Roles:Viewer</c>, <c>:Operator</c>, <c>:Admin</c>).</summary>
public sealed class OidcRoleValues
{
    public List<string> Viewer { get; set; } = [];

    public List<string> Operator { get; set; } = [];

    public List<string> Admin { get; set; } = [];
}
