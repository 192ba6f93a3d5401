using Dashboard.Auth;
using Microsoft.Extensions.Options;

namespace Dashboard.Options;

/// <summary>Start-up checks of <c>Auth</c>; secrets are never echoed in the messages.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private const string Hidden = "***";

    public ValidateOptionsResult Validate(string? name, AuthOptions o)
    {
        var errors = new ValidationErrors(AuthOptions.Section);
        var mode = o.Mode?.Trim().ToLowerInvariant();
        errors.Require(mode is AuthModes.Token or AuthModes.Oidc or AuthModes.None, "Mode", "must be token, oidc or none", o.Mode);
        if (o.IsOidc)
        {
            ValidateOidc(errors, o.Oidc);
        }

        errors.Require(
            string.IsNullOrEmpty(o.Token) || o.Token.Trim().Length >= AuthOptions.MinSecretLength,
            "Token",
            $"must be at least {AuthOptions.MinSecretLength} characters when set",
            Hidden);
        errors.Range("FailedSignInsPerMinute", o.FailedSignInsPerMinute, 1, 10_000);
        errors.Require(
            o.SignInLifetime >= TimeSpan.FromMinutes(1) && o.SignInLifetime <= TimeSpan.FromDays(400),
            "SignInLifetime",
            "must be a time span from 00:01:00 to 400.00:00:00",
            o.SignInLifetime);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyName, key) in o.ApiKeys)
        {
            var secret = key.Key?.Trim();
            errors.Require(
                secret is not null && secret.Length >= AuthOptions.MinSecretLength,
                $"ApiKeys:{keyName}:Key",
                $"must be at least {AuthOptions.MinSecretLength} characters",
                Hidden);
            errors.Require(
                secret is null || (seen.Add(secret) && secret != o.Token?.Trim()),
                $"ApiKeys:{keyName}:Key",
                "must differ from every other key and from Auth:Token",
                Hidden);
            errors.Require(
                DashboardRoles.ForKeys.Contains(key.Role?.Trim().ToLowerInvariant()),
                $"ApiKeys:{keyName}:Role",
                "must be viewer, operator, admin or wallboard",
                key.Role);
        }

        return errors.Result;
    }

    private static void ValidateOidc(ValidationErrors errors, OidcOptions o)
    {
        errors.Require(IsAuthority(o.Authority), "Oidc:Authority", "must be an absolute https URL (http only on loopback)", o.Authority);
        errors.Require(!string.IsNullOrWhiteSpace(o.ClientId), "Oidc:ClientId", "must be set", o.ClientId);
        errors.Require(!string.IsNullOrWhiteSpace(o.ClientSecret), "Oidc:ClientSecret", "must be set", Hidden);
        errors.Require(
            !string.IsNullOrWhiteSpace(o.RoleClaim) && o.RoleClaim.Trim().Length <= 200,
            "Oidc:RoleClaim",
            "must name a claim, such as roles or groups",
            o.RoleClaim);
        errors.Require(
            OidcRoles.AllValues(o).Any(),
            "Oidc:Roles",
            "must give at least one claim value in Viewer, Operator or Admin, or nobody could use the dashboard",
            "none");
    }

    private static bool IsAuthority(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
