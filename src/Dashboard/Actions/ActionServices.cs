using Dashboard.Core.Actions;
using Dashboard.Core.History;

namespace Dashboard.Actions;

/// <summary>
/// Registers operators' actions and their audit log. They are kept in the history database when
/// its store keeps them (<see cref="IActionStore"/>), in memory otherwise (history off).
/// Register after history and conflict detection: the acknowledgements load once the store is ready.
/// </summary>
internal static class ActionServices
{
    public static void AddActions(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IHistoryStore>() is IActionStoreOwner owner ? owner.Actions : new InMemoryActionStore());
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AcknowledgementService>();
        services.AddHostedService(sp => sp.GetRequiredService<AcknowledgementService>());

        // Several instances on one PostgreSQL hear of each other's actions (does nothing otherwise).
        services.AddHostedService<ActionNotificationListener>();

        // Kicks go through EMQX's REST API client (Emqx.EmqxServices.AddEmqxApi).
        services.AddSingleton<KickService>();
    }
}
