using Dashboard.Ingestion;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Hosting;

/// <summary>
/// The clean stop: the coordinator of ingestion's stop (<see cref="IngestShutdown"/>), and the host's
/// <c>ShutdownTimeout</c> from <c>Shutdown:Timeout</c>, set explicitly rather than left to the
/// framework's default, since the drain and every service's stop must fit in it.
/// </summary>
internal static class CleanStop
{
    public static IServiceCollection AddCleanStop(this IServiceCollection services)
    {
        services.AddSingleton<IngestShutdown>();
        services.AddOptions<HostOptions>()
            .Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        return services;
    }
}
