using Dashboard.Core.History;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.History;

/// <summary>
/// Registers history: the configured store, its start-up (schema, then live state rebuilt from it
/// before any source connects) and background retention. With <c>History:Provider none</c> only a
/// status saying so and a <see cref="DisabledHistoryStore"/> are registered, and the pipeline keeps nothing.
/// </summary>
internal static class HistoryServices
{
    public static void AddHistory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => new HistoryStatus(Provider(sp)));

        // Always registered: with history off it is a DisabledHistoryStore, and every reader (pipeline,
        // pages, REST) checks IsEnabled. The container disposes it.
        services.AddSingleton(CreateStore);
        services.AddHostedService<HistoryStartup>();

        // What a new MQTT session missed, read back from history (the rebuild says when it read).
        services.AddSingleton<Ingestion.HistoryCatchUp>();
        services.AddHostedService<HistoryRetention>();

        // After HistoryStartup: fills the sessions rollup of a database that had events before it existed.
        services.AddHostedService<SessionBackfill>();
    }

    private static string Provider(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<HistoryOptions>>().Value;
        return options.Enabled ? options.Provider.Trim().ToLowerInvariant() : "none";
    }

    private static IHistoryStore CreateStore(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<HistoryOptions>>().Value;
        if (!options.Enabled)
        {
            return new DisabledHistoryStore();
        }

        var contentRoot = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
        return HistoryStoreFactory.Create(
            options.Provider,
            options.ConnectionString,
            Path.Combine(contentRoot, options.DataDirectory),
            new HistoryReadLimits(options.ReadPoolSize, options.ReadTimeout),
            options.SessionsRollup);
    }
}
