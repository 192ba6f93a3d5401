using Dashboard.Api;
using Dashboard.Components;
using Dashboard.Hosting;
using Dashboard.Live;

return await StartupErrors.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);

    // Serve package assets (MudBlazor's CSS and JS) from the build output in every environment, not
    // only Development, so a plain `dotnet Dashboard.dll` from a build works; a publish is unaffected.
    builder.WebHost.UseStaticWebAssets();
    builder.AddDashboard();

    var app = builder.Build();
    app.UseSecurityHeaders();
    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
    }

    app.UseApiProblems();
    app.UseRateLimiter();
    app.UseAntiforgery();
    app.MapStaticAssets();
    app.MapClientsApi();
    app.MapIngestApi();
    app.MapDeadLettersApi();
    app.MapWebhookApi();
    app.MapHistoryApi();
    app.MapReasonsApi();
    app.MapConflictsApi();
    app.MapAuditApi();
    app.MapHub<LiveHub>(LiveHub.Path);
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    return app;
});

/// <summary>The entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
