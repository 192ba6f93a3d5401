using Dashboard.Options;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Dashboard.Hosting;

/// <summary>
/// Behind a reverse proxy (nginx, an ingress controller) the connection comes from the proxy and
/// is plain http. When <c>Proxy:KnownProxies</c> or <c>Proxy:KnownNetworks</c> names the proxy,
/// its <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> replace the connection's address and
/// scheme, before anything reads them. The Host header is the proxy's to pass on as it came
/// (nginx: <c>proxy_set_header Host $host</c>), and <c>AllowedHosts</c> checks it.
/// </summary>
public static class ProxyHeaders
{
    public static IServiceCollection AddProxyHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Only the configured proxies: not the framework's default of loopback, which would
            // trust any process on the same host without being asked to.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            // Reading proxy.Value validated every item (start-up stops on a bad one).
            foreach (var address in proxy.Value.KnownProxies)
            {
                if (ProxyOptionsValidator.TryParseAddress(address, out var parsed))
                {
                    forwarded.KnownProxies.Add(parsed);
                }
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                if (ProxyOptionsValidator.TryParseNetwork(network, out var parsed))
                {
                    forwarded.KnownIPNetworks.Add(parsed);
                }
            }

            // Hops are taken off from the right while the hop they came from is a known proxy (a
            // load balancer in front of the ingress, say), so the first address no known proxy
            // sent is the client's; what a client wrote into the header itself stays to its left.
            forwarded.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>First in the pipeline, so every later step sees the client's address and scheme; nothing when no proxy is configured.</summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
