namespace Dashboard.Emqx;

/// <summary>The broker as <c>GET /api/v5/nodes</c> describes it: its version (of the first node) and each node.</summary>
public sealed record BrokerInfo(string? Version, IReadOnlyList<BrokerNode> Nodes);

/// <summary>One EMQX node: its name (<c>emqx@host</c>), version and status (<c>running</c> or <c>stopped</c>).</summary>
public sealed record BrokerNode(string Name, string? Version, string? Status);
