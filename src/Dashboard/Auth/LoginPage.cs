using System.Net;
using Dashboard.Options;
using Microsoft.AspNetCore.Antiforgery;

namespace Dashboard.Auth;

/// <summary>
/// The sign-in page's HTML: a plain form (no script, so the strict Content-Security-Policy holds)
/// that posts the pasted token with an antiforgery token. Every value in it is HTML-encoded.
/// </summary>
internal static class LoginPage
{
    public static Task WriteFormAsync(HttpContext context, int status, string? error, string? returnUrl)
    {
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var message = error is null ? string.Empty : $"<p role=\"alert\" data-testid=\"login-error\">{Encode(error)}</p>";
        var body = $"""
            <h1>Sign in</h1>
            <p>Open the login URL that the dashboard logged at start-up, or paste its token (the part after <code>?t=</code>) here.</p>
            {message}
            <form method="post" action="/login">
              <input type="hidden" name="{Encode(antiforgery.FormFieldName)}" value="{Encode(antiforgery.RequestToken)}" />
              <input type="hidden" name="returnUrl" value="{Encode(returnUrl ?? "/")}" />
              <label for="token">Token</label>
              <input id="token" name="token" type="password" autocomplete="off" required data-testid="login-token" />
              <button type="submit" data-testid="login-submit">Sign in</button>
            </form>
            """;
        return WriteAsync(context, status, "Sign in", body);
    }

    public static Task WriteMessageAsync(HttpContext context, int status, string title, string detail) =>
        WriteAsync(context, status, title, $"<h1>{Encode(title)}</h1><p>{Encode(detail)}</p><p><a href=\"/login\">Sign in</a></p>");

    /// <summary>
    /// For a user the provider signed in whose role claim granted nothing: which claim, and which
    /// of its values would grant which role (names of groups or roles, no secrets).
    /// </summary>
    public static Task WriteNoAccessAsync(HttpContext context, string name, OidcOptions settings)
    {
        var claim = settings.RoleClaim.Trim();
        var grants = new[] { (Role: "viewer", Values: settings.Roles.Viewer), (Role: "operator", Values: settings.Roles.Operator), (Role: "admin", Values: settings.Roles.Admin) }
            .Where(g => g.Values.Count > 0)
            .Select(g => $"<li><strong>{Encode(g.Role)}</strong>: {Encode(string.Join(", ", g.Values))}</li>");
        var body = $"""
            <h1>No access</h1>
            <p data-testid="no-access">You are signed in as <strong>{Encode(name)}</strong>, but your <code>{Encode(claim)}</code> claim
            has none of the values that give access to this dashboard.</p>
            <p>Ask whoever runs your sign-in to give you one of these values, then sign in again:</p>
            <ul>{string.Concat(grants)}</ul>
            <p><a href="/logout">Sign out</a></p>
            """;
        return WriteAsync(context, StatusCodes.Status403Forbidden, "No access", body);
    }

    private static Task WriteAsync(HttpContext context, int status, string title, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>{{Encode(title)}} · Connection Dashboard</title>
            <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}
            input[type=password]{width:100%;padding:.5rem;margin:.5rem 0}button{padding:.5rem 1rem}[role=alert]{color:#b00020}</style>
            </head>
            <body><main>{{body}}</main></body>
            </html>
            """);
    }

    private static string Encode(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);
}
