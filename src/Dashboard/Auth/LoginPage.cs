using System.Net;
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
