using Dashboard.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration.Auth;

/// <summary>
/// Every endpoint the app maps, read from ASP.NET Core's endpoint data source, against the table
/// below: who may use it. The policy is combined and evaluated the way the authorization middleware
/// does. An endpoint that is not in the table fails the test, so a new endpoint needs a decision.
/// </summary>
public sealed class EndpointPolicyTests
{
    /// <summary>Who may use what: the least role, by "METHODS pattern" (methods sorted; * for any).</summary>
    private static readonly Dictionary<string, Access> Expected = new(StringComparer.Ordinal)
    {
        ["GET /login"] = Access.Anonymous,
        ["POST /login"] = Access.Anonymous,
        ["GET /logout"] = Access.Anonymous,
        ["POST /api/ingest/emqx"] = Access.Anonymous,
        ["* /healthz"] = Access.Anonymous,
        ["* /readyz"] = Access.Anonymous,

        ["GET /api/clients"] = Access.Viewer,
        ["GET /api/clients/export"] = Access.Viewer,
        ["GET /api/clients/{**rest}"] = Access.Viewer,
        ["POST /api/clients/{**rest}"] = Access.Operator,
        ["POST /api/clients/kickout/bulk"] = Access.Operator,
        ["GET /api/ingest/status"] = Access.Viewer,
        ["GET /api/ingest/dead-letters"] = Access.Viewer,
        ["GET /api/events/export"] = Access.Viewer,
        ["GET /api/reasons"] = Access.Viewer,
        ["GET /api/reasons/{reason}/clients"] = Access.Viewer,
        ["GET /api/refused"] = Access.Viewer,
        ["GET /api/refused/summary"] = Access.Viewer,
        ["GET /api/conflicts"] = Access.Viewer,
        ["GET /api/incidents"] = Access.Viewer,
        ["POST /api/conflicts/{id}/acknowledge"] = Access.Operator,
        ["POST /api/emqx/reconcile"] = Access.Operator,
        ["GET /api/audit"] = Access.Admin,
        ["GET /api/maintenance"] = Access.Viewer,
        ["POST /api/maintenance"] = Access.Operator,
        ["POST /api/maintenance/{id:long}/end"] = Access.Operator,
        ["GET /api/groups"] = Access.Viewer,
        ["GET /api/groups/stats"] = Access.Viewer,
        ["GET /api/groups/{name}/stats"] = Access.Viewer,
        ["GET, POST /groups"] = Access.Viewer,
        ["POST /api/groups"] = Access.Admin,
        ["PUT /api/groups/{name}"] = Access.Admin,
        ["DELETE /api/groups/{name}"] = Access.Admin,
        ["GET /api/emqx/setup/plan"] = Access.Admin,
        ["POST /api/emqx/setup"] = Access.Admin,
        ["POST /api/emqx/selftest"] = Access.Operator,
        ["GET, POST /emqx/connect"] = Access.Admin,
        ["GET /api/emqx/status"] = Access.Viewer,
        ["GET /metrics"] = Access.Viewer,
        ["* /hubs/live"] = Access.Viewer,
        ["* /hubs/live/negotiate"] = Access.Viewer,

        // Static web assets' catch-all for files outside the manifest (Development): closed like any page.
        ["GET, HEAD {**path:file}"] = Access.Viewer,

        ["GET, POST /"] = Access.Viewer,
        ["GET, POST /clients"] = Access.Viewer,
        ["GET, POST /clients/{*ClientId}"] = Access.Viewer,
        ["GET, POST /conflicts"] = Access.Viewer,
        ["GET, POST /diagnostics"] = Access.Viewer,
        ["GET, POST /maintenance"] = Access.Viewer,
        ["GET, POST /reasons"] = Access.Viewer,
        ["GET, POST /refused"] = Access.Viewer,
        ["GET, POST /audit"] = Access.Admin,

        // The wallboard and what it needs: its circuit, and the pages a circuit may show on an error.
        ["GET, POST /wallboard"] = Access.Wallboard,
        ["GET, POST /Error"] = Access.Wallboard,
        ["GET, POST /not-found"] = Access.Wallboard,
        ["* /_blazor"] = Access.Wallboard,
        ["* /_blazor/negotiate"] = Access.Wallboard,
        ["* /_blazor/disconnect/"] = Access.Wallboard,
        ["* /_blazor/initializers/"] = Access.Wallboard,
        ["GET /_framework/opaque-redirect"] = Access.Wallboard,
    };

    public enum Access
    {
        Anonymous,
        Wallboard,
        Viewer,
        Operator,
        Admin,
    }

    [Fact]
    public async Task Every_endpoint_allows_exactly_the_roles_in_the_table()
    {
        await using var auth = AuthApp.Start();
        var services = auth.App.Services;
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = services.GetRequiredService<IAuthorizationService>();
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();

        var actual = new Dictionary<string, Access>(StringComparer.Ordinal);
        var problems = new List<string>();
        var assets = 0;
        foreach (var endpoint in endpoints)
        {
            var access = await AccessOfAsync(endpoint, policies, authorization);
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            {
                // Static assets (the framework, _content, the app's css, js and icon) are one row: open.
                assets++;
                if (access != Access.Anonymous)
                {
                    problems.Add($"static asset {endpoint.RoutePattern.RawText}: {access}");
                }

                continue;
            }

            var key = KeyOf(endpoint);
            if (actual.TryGetValue(key, out var other) && other != access)
            {
                problems.Add($"{key}: {access} and {other}");
            }

            actual[key] = access;
        }

        Assert.True(assets > 10, $"only {assets} static assets were found");
        foreach (var (key, access) in actual)
        {
            if (!Expected.TryGetValue(key, out var expected))
            {
                problems.Add($"{key}: not in the table (allows {access}); decide who may use it");
            }
            else if (expected != access)
            {
                problems.Add($"{key}: expected {expected}, got {access}");
            }
        }

        problems.AddRange(Expected.Keys.Except(actual.Keys).Select(k => $"{k}: in the table but not mapped"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string KeyOf(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Order(StringComparer.Ordinal).ToArray() ?? [];
        return $"{(methods.Length == 0 ? "*" : string.Join(", ", methods))} {endpoint.RoutePattern.RawText}";
    }

    /// <summary>
    /// The least role that passes, checked for every role in turn: each role above it must pass
    /// too, and nobody anonymous may pass a protected endpoint.
    /// </summary>
    private static async Task<Access> AccessOfAsync(Endpoint endpoint, IAuthorizationPolicyProvider policies, IAuthorizationService authorization)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Access.Anonymous;
        }

        var policy = await AuthorizationPolicy.CombineAsync(
            policies,
            endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
            endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>())
            ?? await policies.GetFallbackPolicyAsync();
        if (policy is null)
        {
            return Access.Anonymous;
        }

        var anonymous = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        Assert.False((await authorization.AuthorizeAsync(anonymous, policy)).Succeeded, $"{endpoint.DisplayName}: anonymous passes its policy");

        (Access Access, string Role)[] ladder =
        [
            (Access.Wallboard, DashboardRoles.Wallboard),
            (Access.Viewer, DashboardRoles.Viewer),
            (Access.Operator, DashboardRoles.Operator),
            (Access.Admin, DashboardRoles.Admin),
        ];
        Access? least = null;
        foreach (var (access, role) in ladder)
        {
            var passes = (await authorization.AuthorizeAsync(DashboardUser.Create("test", role, "test"), policy)).Succeeded;
            if (passes)
            {
                least ??= access;
            }
            else
            {
                // A role that fails after a lower one passed: the ladder is broken for this endpoint.
                Assert.True(least is null, $"{endpoint.DisplayName}: {role} fails but {least} passes");
            }
        }

        return least ?? throw new Xunit.Sdk.XunitException($"{endpoint.DisplayName}: no role passes");
    }
}
