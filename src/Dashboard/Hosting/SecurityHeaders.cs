using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Options;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Dashboard.Hosting;

/// <summary>
/// Security headers on every response (pages, API, static files, errors): a strict
/// Content-Security-Policy, <c>X-Content-Type-Options: nosniff</c> and
/// <c>Referrer-Policy: no-referrer</c>. They are set when the response starts, so a response that
/// an exception handler cleared and rewrote carries them too.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The page that may be framed, when <c>Wallboard:FrameAncestors</c> allows it.</summary>
    public const string WallboardPath = "/wallboard";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeadersMiddleware>();

    /// <summary>
    /// The policy. Why each part is there:
    /// <list type="bullet">
    /// <item><c>default-src 'self'</c>: anything not named below (fonts, manifests, workers) comes from the app only.</item>
    /// <item><c>script-src 'self'</c>: blazor.web.js, MudBlazor.min.js, apexcharts.min.js and our modules are all
    /// files served by the app; none of them needs <c>eval</c>. Inline scripts, inline event handlers
    /// (<c>onerror=</c>) and <c>javascript:</c> URLs are refused, so markup that slipped through unescaped
    /// still runs nothing. The one inline script is Blazor's import map (<c>&lt;ImportMap /&gt;</c>),
    /// allowed by its SHA-256 (<paramref name="importMapHash"/>): Chromium applies script-src to import maps.</item>
    /// <item><c>style-src 'self' 'unsafe-inline'</c>: MudBlazor renders style attributes and a
    /// <c>&lt;style&gt;</c> element with the theme's variables, and ApexCharts adds its stylesheet and
    /// styles its SVG inline; none of that has a fixed hash. Inline styles cannot run script.</item>
    /// <item><c>img-src 'self' data:</c>: MudBlazor's stylesheet has small data: images.</item>
    /// <item><c>connect-src 'self'</c>: the Blazor circuit and /hubs/live are WebSockets to the same origin.</item>
    /// <item><c>object-src 'none'</c>: no plugins. <c>base-uri 'self'</c>: an injected &lt;base&gt; cannot move
    /// where relative scripts load from. <c>form-action 'self'</c>: forms post only to the app.</item>
    /// <item><c>frame-ancestors</c>: no site may frame the dashboard (clickjacking), except the wallboard
    /// for the sources in <c>Wallboard:FrameAncestors</c>.</item>
    /// </list>
    /// </summary>
    internal static string Policy(string? importMapHash, string frameAncestors)
    {
        var scripts = importMapHash is null ? "'self'" : $"'self' '{importMapHash}'";
        return $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
            $"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {frameAncestors}";
    }

    /// <summary>The CSP hash source of an inline script's text, e.g. <c>sha256-…</c>.</summary>
    internal static string HashSource(string script) =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
}

/// <summary>See <see cref="SecurityHeaders"/>.</summary>
internal sealed class SecurityHeadersMiddleware
{
    private const string NoFraming = WallboardFrameOptionsValidator.NoneKeyword;

    // The import map is fixed for the app's lifetime (its assets are), and so are the policies.
    private readonly ConditionalWeakTable<ImportMapDefinition, Policies> _byImportMap = [];
    private readonly RequestDelegate _next;
    private readonly string _wallboardAncestors;
    private readonly Policies _withoutImportMap;

    public SecurityHeadersMiddleware(RequestDelegate next, IOptions<WallboardFrameOptions> wallboard)
    {
        _next = next;
        var sources = wallboard.Value.FrameAncestors ?? [];
        _wallboardAncestors = sources.Length == 0 ? NoFraming : string.Join(' ', sources);
        _withoutImportMap = PoliciesFor(importMapHash: null);
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (self, context) = ((SecurityHeadersMiddleware, HttpContext))state;
            self.Apply(context);
            return Task.CompletedTask;
        }, (this, context));
        return _next(context);
    }

    private void Apply(HttpContext context)
    {
        // Razor component endpoints carry the import map whose JSON (ToString) the page's <ImportMap /> renders.
        var importMap = context.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>();
        var policies = importMap is null
            ? _withoutImportMap
            : _byImportMap.GetValue(importMap, map => PoliciesFor(SecurityHeaders.HashSource(map.ToString())));
        var framed = context.Request.Path.StartsWithSegments(SecurityHeaders.WallboardPath, StringComparison.OrdinalIgnoreCase);

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = framed ? policies.Wallboard : policies.Page;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private Policies PoliciesFor(string? importMapHash) =>
        new(SecurityHeaders.Policy(importMapHash, NoFraming), SecurityHeaders.Policy(importMapHash, _wallboardAncestors));

    private sealed record Policies(string Page, string Wallboard);
}
