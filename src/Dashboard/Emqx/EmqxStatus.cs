using Dashboard.Core.Emqx;

namespace Dashboard.Emqx;

/// <summary>
/// What the dashboard knows of EMQX's REST side, for Diagnostics, the banner and <c>GET /api/emqx/status</c>:
/// whether the API is configured and reachable, the broker's version and nodes, the dashboard's own
/// session queue at EMQX, and the last reconcile.
/// </summary>
/// <param name="ApiOn">Emqx:ApiUrl is set.</param>
/// <param name="Reachable">The last call answered; null before the first check.</param>
/// <param name="Error">Why the last check failed (EMQX's code and message, or "could not be reached"); null when it worked.</param>
/// <param name="CheckedAt">When the last check finished.</param>
/// <param name="Version">EMQX's version, e.g. <c>5.8.9</c>.</param>
/// <param name="Nodes">The nodes EMQX reports.</param>
/// <param name="OwnQueue">The dashboard's own MQTT session (<c>Mqtt:ClientId</c>) at EMQX; null when unknown or not connected there.</param>
/// <param name="DroppedUnrepaired">
/// How many events EMQX dropped from the dashboard's queue since it first read the counter, and not yet
/// followed by a reconcile; 0 hides the banner.
/// </param>
/// <param name="LastReconcile">The last reconcile's figures, or null when none ran.</param>
public sealed record EmqxStatusSnapshot(
    bool ApiOn,
    bool? Reachable,
    string? Error,
    DateTimeOffset? CheckedAt,
    string? Version,
    IReadOnlyList<BrokerNode> Nodes,
    SessionQueueFigures? OwnQueue,
    long DroppedUnrepaired,
    ReconcileReport? LastReconcile)
{
    public static EmqxStatusSnapshot Off { get; } = new(false, null, null, null, null, [], null, 0, null);
}

/// <summary>
/// The figures of one reconcile (the body of <c>POST /api/emqx/reconcile</c>, and the last one in the status).
/// </summary>
/// <param name="BrokerOnline">Clients the broker listed as connected.</param>
/// <param name="MarkedOnline">Listed clients with no open session here, now online (source <c>rest</c>).</param>
/// <param name="MarkedOffline">Clients online here the broker did not list, now offline with <c>(reconciled)</c>.</param>
/// <param name="Unchanged">Listed clients whose session here was already right.</param>
/// <param name="Pages">Listing pages read.</param>
/// <param name="DurationMs">From the first request to the last correction applied.</param>
/// <param name="StartedAt">When the listing started.</param>
/// <param name="Trigger">Why it ran: <c>startup</c>, <c>reconnect</c>, <c>interval</c>, <c>manual</c> or <c>queue</c>.</param>
/// <param name="Error">Why it stopped early (the figures are then partial and nothing was marked offline); null when it finished.</param>
public sealed record ReconcileReport(
    int BrokerOnline,
    int MarkedOnline,
    int MarkedOffline,
    int Unchanged,
    int Pages,
    long DurationMs,
    DateTimeOffset StartedAt,
    string Trigger,
    string? Error);

/// <summary>The live view of <see cref="EmqxStatusSnapshot"/>: read <see cref="Current"/>, and listen to <see cref="Changed"/>.</summary>
public interface IEmqxStatus
{
    EmqxStatusSnapshot Current { get; }

    /// <summary>Raised (on a background thread) after <see cref="Current"/> changed.</summary>
    event Action? Changed;

    /// <summary>Called by the reconciler when a reconcile ends; a finished one also clears <see cref="EmqxStatusSnapshot.DroppedUnrepaired"/>.</summary>
    void RecordReconcile(ReconcileReport report);
}

/// <summary>Runs one reconcile of the online set against EMQX's listing (one at a time: a second call waits for, or joins, the running one).</summary>
public interface IReconciler
{
    Task<ReconcileReport> RunAsync(string trigger, CancellationToken cancellationToken);
}
