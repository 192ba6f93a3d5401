using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Components;
using Dashboard.Hosting;
using Dashboard.Hosting.Health;
using Dashboard.Live;
using Dashboard.Metrics;

return await StartupErrors.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);

    // Serve package assets (MudBlazor's CSS and JS) from the build output in every environment, not
    // only Development, so a plain `dotnet Dashboard.dll` from a build works; a publish is unaffected.
    builder.WebHost.UseStaticWebAssets();
    builder.AddDashboard();

    var app = builder.Build();
    app.UseProxyHeaders();
    app.UseSecurityHeaders();
    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
    }

    app.UseApiProblems();
    app.UseRateLimiter();
    app.UseDashboardAuth();
    app.UseAntiforgery();

    // Every endpoint needs a signed-in viewer (the fallback policy) unless it says otherwise here
    // or in its own Map… method: the assets, sign-in, the health probes and the webhook (which has its own secret) are open.
    app.MapStaticAssets().AllowAnonymous();
    app.MapSignIn();
    app.MapHealthEndpoints();
    app.MapClientsApi();
    app.MapKickApi();
    app.MapIngestApi();
    app.MapDeadLettersApi();
    app.MapWebhookApi();
    app.MapHistoryApi();
    app.MapReasonsApi();
    app.MapRefusedApi();
    app.MapConflictsApi();
    app.MapAuditApi();
    app.MapMaintenanceApi();
    app.MapGroupsApi();
    app.MapEmqxSetupApi();
    app.MapEmqxStatusApi();
    app.MapReconcileApi();
    app.MapHub<LiveHub>(LiveHub.Path);
    app.MapDashboardMetrics();
    // The pages and the Blazor circuit: at least the wallboard's role here, and each page asks for
    // more with its own [Authorize] (checked again inside the circuit by AuthorizeRouteView).
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization(DashboardPolicies.Wallboard);
    return app;
});

/// <summary>The entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
