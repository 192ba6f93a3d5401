using System.Text.Json.Serialization;
using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.Maintenance;
using Dashboard.Core.History;
using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Conflicts;
using Dashboard.Demo;
using Dashboard.Emqx;
using Dashboard.Groups;
using Dashboard.History;
using Dashboard.Hosting.Health;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Ingestion;
using Dashboard.Live;
using Dashboard.Maintenance;
using Dashboard.Metrics;
using Dashboard.Options;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Dashboard.Hosting;

/// <summary>Everything the dashboard registers, in one place, so Program.cs stays a table of contents.</summary>
public static class DashboardServices
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        builder.AddDashboardLogging();

        AddValidatedOptions<MqttOptions, MqttOptionsValidator>(builder, MqttOptions.Section);
        AddValidatedOptions<IngestOptions, IngestOptionsValidator>(builder, IngestOptions.Section);
        AddValidatedOptions<LiveStateOptions, LiveStateOptionsValidator>(builder, LiveStateOptions.Section);
        AddValidatedOptions<HistoryOptions, HistoryOptionsValidator>(builder, HistoryOptions.Section);
        AddValidatedOptions<DemoOptions, DemoOptionsValidator>(builder, DemoOptions.Section);
        AddValidatedOptions<WebhookOptions, WebhookOptionsValidator>(builder, WebhookOptions.Section);
        AddValidatedOptions<ApiRateLimitOptions, ApiRateLimitOptionsValidator>(builder, ApiRateLimitOptions.Section);
        AddValidatedOptions<WallboardFrameOptions, WallboardFrameOptionsValidator>(builder, WallboardFrameOptions.Section);
        AddValidatedOptions<AuthOptions, AuthOptionsValidator>(builder, AuthOptions.Section);
        AddValidatedOptions<EmqxOptions, EmqxOptionsValidator>(builder, EmqxOptions.Section);
        AddValidatedOptions<ShutdownOptions, ShutdownOptionsValidator>(builder, ShutdownOptions.Section);
        AddValidatedOptions<ProxyOptions, ProxyOptionsValidator>(builder, ProxyOptions.Section);

        services.AddSingleton(sp => new IngestDiagnostics(sp.GetRequiredService<IOptions<LiveStateOptions>>().Value.ParseFailuresKept));
        services.AddSingleton(sp => new IngestChannel(sp.GetRequiredService<IOptions<IngestOptions>>().Value.ChannelCapacity));
        services.AddSingleton(sp =>
        {
            var ingest = sp.GetRequiredService<IOptions<IngestOptions>>().Value;
            return new EmqxEventParser(ingest.MaxPayloadBytes, ingest.MaxFieldLength, ingest.MaxClockSkew);
        });
        services.AddSingleton<IngestWriter>();
        services.AddSingleton<WebhookSource>();
        services.AddSingleton<WebhookSecretLimiter>();
        services.AddCleanStop();
        services.AddSingleton(sp => new LiveState(
            sp.GetRequiredService<IOptions<LiveStateOptions>>().Value,
            sp.GetRequiredService<IngestDiagnostics>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddRefusalCounter();

        services.AddSingleton(sp => new ChangeNotifier(
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<IngestOptions>>().Value.NotifyIntervalMilliseconds),
            sp.GetRequiredService<TimeProvider>()));

        // Order matters: hosted services start in registration order. History first (it rebuilds
        // live state), then the demo broker, the pipeline, and the sources.
        services.AddHistory(builder.Configuration);

        // After history: the key ring is read at start-up, once history has created its table.
        services.AddDashboardDataProtection();
        services.AddDemoMode();
        services.AddConflictDetection(builder.Configuration);
        services.AddActions();
        services.AddMaintenance();
        services.AddDeviceGroups();
        services.AddEmqxApi();
        services.AddHostedService<PipelineService>();
        services.AddSingleton<MqttReconnects>();
        services.AddHostedService<MqttEventSource>();
        services.AddHostedService<LiveHubBroadcaster>();
        services.AddDashboardMetrics(builder.Configuration);

        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.AddApiProblems();
        services.AddApiRateLimit();
        services.AddDashboardHealth(builder.Configuration);
        services.AddProxyHeaders();
        services.AddDashboardAuth(builder.Configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return builder;
    }

    private static void AddValidatedOptions<TOptions, TValidator>(WebApplicationBuilder builder, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.Services.AddOptions<TOptions>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
