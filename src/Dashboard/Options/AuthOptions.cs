namespace Dashboard.Options;

/// <summary>
/// Who may use the dashboard. Section <c>Auth</c>. The default, <c>token</c>, asks everyone to sign
/// in: with the login URL the app logs at start-up, or with an API key.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The shortest token or API key accepted: far beyond guessing under the rate limit.</summary>
    public const int MinSecretLength = 32;

    /// <summary>
    /// <c>token</c> (sign in with the logged login URL, or the token pasted into <c>/login</c>) or
    /// <c>oidc</c> (sign in with the company's OpenID Connect provider, see <see cref="Oidc"/>) or
    /// <c>none</c> (every request acts as admin; only when the app listens on loopback alone).
    /// </summary>
    public string Mode { get; set; } = AuthModes.Token;

    /// <summary>The sign-in token; a random one for each start when unset.</summary>
    public string? Token { get; set; }

    /// <summary>Keys for scripts and wallboards, by a name of the operator's choice.</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Wrong tokens and keys allowed per source IP per minute; beyond that every attempt gets 429 until the minute is over.</summary>
    public int FailedSignInsPerMinute { get; set; } = 10;

    /// <summary>How long a browser stays signed in after its last visit (the wallboard: a year).</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The OpenID Connect provider and how its claims map to roles, for <c>Auth:Mode=oidc</c>.</summary>
    public OidcOptions Oidc { get; set; } = new();

    public bool IsOidc => string.Equals(Mode?.Trim(), AuthModes.Oidc, StringComparison.OrdinalIgnoreCase);

    public bool IsNone => string.Equals(Mode?.Trim(), AuthModes.None, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One API key: <c>Auth:ApiKeys:&lt;name&gt;:Key</c> and <c>:Role</c>.</summary>
public sealed class ApiKeyOptions
{
    public string? Key { get; set; }

    /// <summary><c>viewer</c>, <c>operator</c>, <c>admin</c> or <c>wallboard</c>.</summary>
    public string? Role { get; set; }
}

/// <summary>The accepted values of <c>Auth:Mode</c>.</summary>
public static class AuthModes
{
    public const string Token = "token";
    public const string Oidc = "oidc";
    public const string None = "none";
}
