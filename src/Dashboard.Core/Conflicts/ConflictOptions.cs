using Dashboard.Core.Reasons;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// Thresholds for <see cref="ConflictDetector"/>. Defaults suit a fleet where a device that is
/// kicked out reconnects within seconds; every value can be tuned from configuration.
/// </summary>
public sealed class ConflictOptions
{
    /// <summary>The reasons that mean "the connection dropped" rather than "the client said goodbye": the catalogue's transport reasons.</summary>
    public static readonly IReadOnlyList<string> DefaultTransportReasons = ReasonCatalog.TransportReasons;

    /// <summary>The span W in which endings are counted; also how long a finding must be quiet to resolve.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Takenover/discarded endings within <see cref="Window"/> that open a conflict or reconnect-loop finding.</summary>
    public int TakeoverThreshold { get; set; } = 3;

    /// <summary>Short sessions with a transport reason within <see cref="Window"/> that open a flapping finding.</summary>
    public int FlappingThreshold { get; set; } = 5;

    /// <summary>A session shorter than this that ends in a transport reason counts towards flapping.</summary>
    public TimeSpan ShortSession { get; set; } = TimeSpan.FromSeconds(60);

    public IReadOnlyList<string> TransportReasons { get; set; } = DefaultTransportReasons;

    /// <summary>Sessions remembered per client ID; older ones are forgotten.</summary>
    public int SessionsPerClient { get; set; } = 16;

    /// <summary>Client IDs with a session window; the least recently active is dropped beyond this.</summary>
    public int MaxTrackedClients { get; set; } = 50_000;

    /// <summary>A client with no event for this long loses its session window on <see cref="ConflictDetector.Tick"/>.</summary>
    public TimeSpan IdleClientRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Resolved findings (and resolved incidents) kept for display; the oldest go first.</summary>
    public int MaxResolvedFindings { get; set; } = 1_000;

    /// <summary>Distinct peers, usernames and nodes listed on one finding; evidence sessions likewise.</summary>
    public int MaxListedPerFinding { get; set; } = 16;

    /// <summary>More than this many clients disconnecting with one reason within <see cref="MassDisconnectWindow"/> is an incident.</summary>
    public int MassDisconnectClients { get; set; } = 50;

    public TimeSpan MassDisconnectWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At least this many authentication failures (refused connects with an authentication code, and
    /// <c>not_authorized</c> endings) from one IP, or from several IPs of one /24 or /48 network, within
    /// <see cref="AuthFailureWindow"/> is an incident.
    /// </summary>
    public int AuthFailureThreshold { get; set; } = 10;

    public TimeSpan AuthFailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// More than this many distinct clients refused with one CONNACK reason code within
    /// <see cref="RefusedWindow"/> is a refused-connections incident (a credentials rotation, a ban wave).
    /// </summary>
    public int RefusedClients { get; set; } = 50;

    /// <summary>Longer than a mass disconnect's: refused devices come back at their own retry intervals, not all within seconds.</summary>
    public TimeSpan RefusedWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        RequirePositive(Window, nameof(Window));
        RequireAtLeast(TakeoverThreshold, 2, nameof(TakeoverThreshold));
        RequireAtLeast(FlappingThreshold, 2, nameof(FlappingThreshold));
        RequirePositive(ShortSession, nameof(ShortSession));
        if (TransportReasons is null)
        {
            throw new ArgumentException($"{nameof(ConflictOptions)}.{nameof(TransportReasons)} must not be null.", nameof(TransportReasons));
        }

        // The window must hold enough sessions to see a loop of the configured length, plus the replacing one.
        RequireAtLeast(SessionsPerClient, Math.Max(TakeoverThreshold, FlappingThreshold) + 1, nameof(SessionsPerClient));
        RequireAtLeast(MaxTrackedClients, 1, nameof(MaxTrackedClients));
        RequirePositive(IdleClientRetention, nameof(IdleClientRetention));
        RequireAtLeast(MaxResolvedFindings, 0, nameof(MaxResolvedFindings));
        RequireAtLeast(MaxListedPerFinding, 1, nameof(MaxListedPerFinding));
        RequireAtLeast(MassDisconnectClients, 1, nameof(MassDisconnectClients));
        RequirePositive(MassDisconnectWindow, nameof(MassDisconnectWindow));
        RequireAtLeast(AuthFailureThreshold, 1, nameof(AuthFailureThreshold));
        RequirePositive(AuthFailureWindow, nameof(AuthFailureWindow));
        RequireAtLeast(RefusedClients, 1, nameof(RefusedClients));
        RequirePositive(RefusedWindow, nameof(RefusedWindow));
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ConflictOptions)}.{name} must be positive, was {value}.", name);
        }
    }

    private static void RequireAtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentException($"{nameof(ConflictOptions)}.{name} must be at least {minimum}, was {value}.", name);
        }
    }
}
