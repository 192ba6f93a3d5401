using System.Net.Http.Headers;
using System.Text;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Emqx;

/// <summary>Registers the EMQX REST features: the API client, and (as they land) reconcile, the queue watch and setup.</summary>
internal static class EmqxServices
{
    public static void AddEmqxApi(this IServiceCollection services)
    {
        services.AddHttpClient(EmqxApiClient.HttpClientName, (sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<EmqxOptions>>().Value;
                if (!o.IsOn)
                {
                    return;
                }

                client.BaseAddress = new Uri(o.ApiUrl!.TrimEnd('/') + "/api/v5/");
                client.Timeout = o.RequestTimeout;
                var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.ApiKey}:{o.ApiSecret}"));
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
            })
            // A redirect would carry the Basic credentials to wherever it points: EMQX's API never redirects.
            // (HttpClient's own request log, at Warning in appsettings.json, names URIs and never headers.)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<EmqxApiClient>();

        // The one-click setup and its self-test; the runtime topics serve the MQTT source too.
        services.AddSingleton<Ingestion.MqttRuntimeTopics>();
        services.AddSingleton<Setup.EmqxSetupService>();
        services.AddSingleton<Setup.EmqxSelfTest>();

        // The status monitor: one instance that is both the IEmqxStatus the UI reads and a hosted loop.
        services.AddSingleton<EmqxStatusMonitor>();
        services.AddSingleton<IEmqxStatus>(sp => sp.GetRequiredService<EmqxStatusMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<EmqxStatusMonitor>());
        services.AddSingleton<IReconciler, Reconciler>();
        services.AddHostedService<ReconcileTriggers>();
    }
}
