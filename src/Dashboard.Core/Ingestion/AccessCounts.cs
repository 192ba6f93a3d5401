using Dashboard.Core.Events;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// What the access events said, since start: successes are only counted here (never stored one by
/// one); refused CONNECTs are counted per reason code, bounded like the disconnect reasons (64 codes,
/// then "other"), for <c>dashboard_connects_refused_total</c>. A refused CONNECT with authentication
/// fires a failed authentication and then the refusing connack: only the connack counts as refused.
/// Written by the pipeline, read by any thread.
/// </summary>
public sealed class AccessCounts
{
    private long _connackSuccesses;
    private long _authnSuccesses;
    private long _authnFailures;
    private long _authzAllowed;
    private long _authzDenied;
    private long _repeats;

    /// <summary>CONNACKs with reason code <c>success</c>: connects the broker accepted.</summary>
    public long ConnackSuccesses => Interlocked.Read(ref _connackSuccesses);

    /// <summary>Refused CONNECTs (a connack other than <c>success</c>), per MQTT 5 reason code name.</summary>
    public ReasonCounts Refused { get; } = new();

    public long AuthenticationSuccesses => Interlocked.Read(ref _authnSuccesses);

    public long AuthenticationFailures => Interlocked.Read(ref _authnFailures);

    public long AuthorizationsAllowed => Interlocked.Read(ref _authzAllowed);

    public long AuthorizationsDenied => Interlocked.Read(ref _authzDenied);

    /// <summary>Access events that arrived again (redelivery, or one event through two rules): recognised, and counted only here.</summary>
    public long Repeats => Interlocked.Read(ref _repeats);

    internal void RecordRepeat() => Interlocked.Increment(ref _repeats);

    internal void Record(AccessEvent e)
    {
        switch (e.Kind)
        {
            case AccessEventKind.Connack when e.IsFailure:
                Refused.Add(e.ReasonCode);
                break;
            case AccessEventKind.Connack:
                Interlocked.Increment(ref _connackSuccesses);
                break;
            case AccessEventKind.Authentication:
                Interlocked.Increment(ref e.IsFailure ? ref _authnFailures : ref _authnSuccesses);
                break;
            default:
                Interlocked.Increment(ref e.IsFailure ? ref _authzDenied : ref _authzAllowed);
                break;
        }
    }
}
