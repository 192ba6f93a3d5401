using System.Net;

namespace Dashboard.Demo.Api;

/// <summary>How a demo EMQX API listens and what it says about itself.</summary>
internal sealed record DemoApiSettings
{
    /// <summary>The address to listen on.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 picks a free one (tests).</summary>
    public int Port { get; init; }

    public required string ApiKey { get; init; }

    public required string ApiSecret { get; init; }

    /// <summary>The node name listed in client objects and <c>GET nodes</c>.</summary>
    public string NodeName { get; init; } = "demo@127.0.0.1";

    /// <summary>The EMQX version the API claims to be.</summary>
    public string Version { get; init; } = "5.8.9";
}
