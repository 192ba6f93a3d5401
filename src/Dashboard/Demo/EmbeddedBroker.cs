using System.Net;
using System.Threading.Channels;
using Dashboard.Hosting;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Dashboard.Demo;

/// <summary>
/// A real MQTT broker inside the app (MQTTnet 5 server) that behaves, for client events, like an
/// EMQX node with a republish rule: for every client that connects or leaves, it publishes the
/// rule row on <c>client_connected</c>/<c>client_disconnected</c> and the <c>$SYS</c> message; for
/// every CONNECT, the authentication and connack rows (<c>client_check_authn_complete</c>,
/// <c>client_connack</c>), and for a denied publish the authorization row
/// (<c>client_check_authz_complete</c>). Any MQTT client can connect to it. Events are published in
/// the order the broker saw them, which for one connect is EMQX's (FACTS §5.3): authentication, the
/// replaced session's disconnect, connected, connack.
/// </summary>
internal sealed partial class EmbeddedBroker : IAsyncDisposable
{
    /// <summary>Undelivered messages one subscriber may have queued: far above any burst the demo fleet (at most 100,000 devices) makes.</summary>
    private const int MaxPendingEvents = 10_000_000;

    private readonly DemoOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EmbeddedBroker> _logger;
    private readonly BrokerConnectionTracker _tracker;
    private readonly EmqxEventPayloads _payloads;
    private readonly Channel<MqttApplicationMessage> _outbox = Channel.CreateUnbounded<MqttApplicationMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private MqttServer? _server;
    private Task? _publisher;
    private int _stopped;
    private volatile IReadOnlyDictionary<DemoEvent, IReadOnlyList<string>> _republish = new Dictionary<DemoEvent, IReadOnlyList<string>>();

    public EmbeddedBroker(IOptions<DemoOptions> options, TimeProvider time, ILogger<EmbeddedBroker> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _tracker = new BrokerConnectionTracker(time);
        _payloads = new EmqxEventPayloads(_options.NodeName, _options.BrokerAddress, _options.BrokerPort);
    }

    /// <summary>The node name the broker reports (<c>Demo:NodeName</c>).</summary>
    public string NodeName => _options.NodeName;

    /// <summary>
    /// Where the demo API's rules republish each client event (payload <c>${.}</c>): each event's rule row
    /// is published there too, as an EMQX rule with a Republish action would.
    /// </summary>
    public void SetRuleRepublishTopics(IReadOnlyDictionary<DemoEvent, IReadOnlyList<string>> byEvent) => _republish = byEvent;

    /// <summary>Clients connected right now, as the broker itself sees them.</summary>
    public async Task<IReadOnlyList<string>> GetConnectedClientIdsAsync()
    {
        var clients = await (_server ?? throw new InvalidOperationException("The embedded broker is not running.")).GetClientsAsync();
        return clients.Select(c => c.Id).ToArray();
    }

    /// <summary>The open connections as the broker's tracker knows them (what the demo REST API lists).</summary>
    internal IReadOnlyList<BrokerConnection> OpenConnections() => _tracker.OpenConnections();

    internal int OpenConnectionCount => _tracker.OpenCount;

    /// <summary>The client's open connection, or null.</summary>
    internal BrokerConnection? FindOpenConnection(string clientId) => _tracker.FindOpen(clientId);

    /// <summary>Messages waiting in the client's session (the demo's <c>mqueue_len</c>); 0 when it has none.</summary>
    internal async Task<long> GetPendingMessagesAsync(string clientId)
    {
        if (_server is null)
        {
            return 0;
        }

        var session = await _server.GetSessionAsync(clientId);
        return session?.PendingApplicationMessagesCount ?? 0;
    }

    /// <summary>
    /// Stops (or resumes) accepting connections, as a broker being drained would. Clients already
    /// connected stay; a churning fleet then only shrinks, which lets tests compare a settled state.
    /// </summary>
    public void SetAcceptingConnections(bool accept)
    {
        if (_server is not null)
        {
            _server.AcceptNewConnections = accept;
        }
    }

    /// <summary>Disconnects a client as an operator would (EMQX reason <c>kicked</c>).</summary>
    public async Task KickAsync(string clientId, CancellationToken cancellationToken = default)
    {
        if (_server is null || !_tracker.MarkKicked(clientId))
        {
            return;
        }

        await _server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.AdministrativeAction });
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // MQTTnet listens on both families unless told otherwise: bind the one address asked for and
        // switch the other family off, so a demo meant for loopback is not reachable on [::].
        var address = IPAddress.Parse(_options.BrokerAddress);
        var isV6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(isV6 ? IPAddress.None : address)
            .WithDefaultEndpointBoundIPV6Address(isV6 ? address : IPAddress.None)
            .WithDefaultEndpointPort(_options.BrokerPort)
            // MQTTnet keeps at most 1,000 undelivered messages per session and then drops the oldest
            // without a word; a fleet's burst of events while the dashboard writes history can pass that,
            // and the dropped disconnects left clients online for good (the 1,000-device churn test saw it
            // under load). The demo must never lose an event: the queue is bounded by the fleet instead.
            .WithMaxPendingMessagesPerClient(MaxPendingEvents)
            .WithPersistentSessions()
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        _server.ClientConnectedAsync += OnClientConnectedAsync;
        _server.ClientDisconnectedAsync += OnClientDisconnectedAsync;
        _server.InterceptingInboundPacketAsync += OnInboundPacketAsync;
        _server.InterceptingPublishAsync += OnInterceptingPublishAsync;
        try
        {
            await _server.StartAsync();
        }
        catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            throw new StartupException(
                $"Demo:BrokerPort {_options.BrokerPort} on {_options.BrokerAddress} is already in use (another MQTT broker?). " +
                "Stop it, or choose another port with --Demo:BrokerPort.");
        }

        _publisher = PublishOutboxAsync(_server, _stopping.Token);
        Log.Listening(_logger, _options.BrokerAddress, _options.BrokerPort, _options.NodeName);
    }

    /// <summary>Stops once; later calls (the host stops, then disposes) do nothing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        if (_publisher is not null)
        {
            await Task.WhenAny(_publisher, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        }

        await _stopping.CancelAsync();
        if (_server is null)
        {
            return;
        }

        try
        {
            await _server.StopAsync(new MqttServerStopOptions());
        }
        catch (InvalidOperationException ex)
        {
            // MQTTnet 5.2 can trip over its own client list while connections close during a stop.
            // The app is going away either way; the listener is closed by Dispose.
            Log.StopFailed(_logger, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        try
        {
            _server?.Dispose();
        }
        catch (InvalidOperationException ex)
        {
            // The same MQTTnet 5.2 race as in StopAsync: its dispose stops the listener again.
            Log.DisposeFailed(_logger, ex);
        }
    }

    /// <summary>One publisher, so events leave in the order the broker's handlers saw them.</summary>
    private async Task PublishOutboxAsync(MqttServer server, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "$demo-broker" }, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            Log.PublishingStopped(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Embedded demo broker listening on mqtt://{Address}:{Port} as node {Node}")]
        public static partial void Listening(ILogger logger, string address, int port, string node);

        [LoggerMessage(Level = LogLevel.Debug, Message = "The embedded broker did not stop cleanly")]
        public static partial void StopFailed(ILogger logger, Exception exception);

        [LoggerMessage(Level = LogLevel.Debug, Message = "The embedded broker did not dispose cleanly")]
        public static partial void DisposeFailed(ILogger logger, Exception exception);

        [LoggerMessage(Level = LogLevel.Error, Message = "The embedded broker stopped publishing client events")]
        public static partial void PublishingStopped(ILogger logger, Exception exception);
    }
}
