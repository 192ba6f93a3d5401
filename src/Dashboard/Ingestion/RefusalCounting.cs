using Dashboard.Core.Events;
using Dashboard.Core.Refusals;

namespace Dashboard.Ingestion;

/// <summary>Feeds the pipeline's access failures to the in-memory <see cref="RefusalCounter"/> (the overview and wallboard tile).</summary>
internal sealed class RefusalCounterObserver(RefusalCounter counter) : IAccessFailureObserver
{
    public void Observe(IReadOnlyList<AccessEvent> failures) => counter.Observe(failures);
}

internal static class RefusalCounting
{
    /// <summary>The last hour's refused connects in memory, counted as the pipeline applies each batch, with history on or off.</summary>
    public static IServiceCollection AddRefusalCounter(this IServiceCollection services)
    {
        services.AddSingleton(sp => new RefusalCounter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAccessFailureObserver, RefusalCounterObserver>();
        return services;
    }
}
