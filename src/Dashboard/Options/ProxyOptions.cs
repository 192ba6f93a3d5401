namespace Dashboard.Options;

/// <summary>
/// The reverse proxies in front of the app (section <c>Proxy</c>). Only requests from these
/// addresses have their <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> believed, so sign-in
/// redirects, the OIDC callback and Secure cookies see https, and the rate limiters and the audit
/// log see the client's address rather than the proxy's. Both empty (the default): the headers
/// are ignored, as anyone could send them.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Proxy addresses, one per item: <c>10.0.0.5</c>, <c>::1</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, one per item: <c>10.0.0.0/8</c>, <c>fd00::/8</c> (a pod network, say).</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Enabled => KnownProxies is { Length: > 0 } || KnownNetworks is { Length: > 0 };
}
