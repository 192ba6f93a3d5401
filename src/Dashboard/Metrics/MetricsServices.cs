using Dashboard.Auth;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Dashboard.Metrics;

/// <summary>
/// OpenTelemetry metrics: the dashboard's own (<see cref="DashboardMetrics"/>), ASP.NET Core's,
/// HttpClient's and Npgsql's; scraped by Prometheus at <see cref="Path"/>, and pushed over OTLP too
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the other OTEL_* variables itself).
/// </summary>
internal static class MetricsServices
{
    public const string Path = "/metrics";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddDashboardMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ActiveConnections>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, ActiveConnections.CircuitCounter>());
        services.AddSingleton<DashboardMetrics>();

        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("connection-dashboard"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DashboardMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
    }

    /// <summary>
    /// Maps the scrape endpoint for viewers (a signed-in browser or a viewer API key as a bearer
    /// token), and creates the instruments: observable ones only exist once <see cref="DashboardMetrics"/> does.
    /// </summary>
    public static void MapDashboardMetrics(this WebApplication app)
    {
        app.Services.GetRequiredService<DashboardMetrics>();
        app.MapPrometheusScrapingEndpoint(Path)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .RequireAuthorization(DashboardPolicies.Viewer);
    }
}
