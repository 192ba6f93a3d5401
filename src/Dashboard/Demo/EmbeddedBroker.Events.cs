using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Dashboard.Demo;

// The broker's event handlers: what each CONNECT, connect, disconnect and denied publish publishes, in
// EMQX's order for one connect (FACTS §5.3): authentication, the replaced session's disconnect,
// connected, connack. Handlers run inline on MQTTnet's path, so they only write to the outbox.
internal sealed partial class EmbeddedBroker
{
    private Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId))
        {
            AssignClientId(e);
        }

        var attempt = BrokerConnectionTracker.DescribeAttempt(e);
        if (attempt.ClientId.Length == 0)
        {
            // An empty client ID that cannot be assigned (3.1.1 keeping its session): MQTTnet refuses it
            // with client_identifier_not_valid. EMQX's connack row would have an empty clientid, which the
            // dashboard rejects as unparseable, so the demo leaves it out.
            _tracker.OnValidated(e);
            return Task.CompletedTask;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        bool refused = e.Password == _options.BadPassword;
        var outcome = refused ? RefusalNames.BadUsernameOrPassword : RefusalNames.Success;
        Publish(DemoEvent.AuthnComplete, _payloads.RuleAuthnComplete(attempt, outcome, anonymous: e.Password is null, now));
        if (refused)
        {
            // Refused at CONNECT: as with EMQX, the failed authentication and the refusing connack
            // are all; no connected or disconnected event follows.
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            Publish(DemoEvent.Connack, _payloads.RuleConnack(attempt, outcome, now));
            return Task.CompletedTask;
        }

        _tracker.OnValidated(e);
        return Task.CompletedTask;
    }

    /// <summary>
    /// EMQX gives a client that sends an empty client ID one of its own (MQTT 5 always, 3.1.1 with a
    /// clean session), and <c>mosquitto_sub</c> sends none by default. MQTTnet 5.2 assigns one only
    /// for MQTT 5 and rejects 3.1.1, so the CONNECT packet's ID is set here, before MQTTnet checks it.
    /// The packet is reachable only through the event's private field; a test pins this behaviour.
    /// </summary>
    private static void AssignClientId(ValidatingConnectionEventArgs e)
    {
        var assigned = "auto-" + Guid.NewGuid().ToString("N")[..16];
        e.AssignedClientIdentifier = assigned;
        if (e.ProtocolVersion != MqttProtocolVersion.V500 && e.CleanSession == true
            && ConnectPacketField?.GetValue(e) is MqttConnectPacket packet)
        {
            packet.ClientId = assigned;
        }
    }

    private static readonly System.Reflection.FieldInfo? ConnectPacketField = typeof(ValidatingConnectionEventArgs)
        .GetField("_connectPacket", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);

    private Task OnClientConnectedAsync(ClientConnectedEventArgs e)
    {
        if (_tracker.TakeOver(e.ClientId, e.RemoteEndPoint) is var (replaced, reason))
        {
            PublishDisconnected(replaced, reason, _time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        var connection = _tracker.OnConnected(e.ClientId, e.RemoteEndPoint);
        var now = connection.ConnectedAtMs;
        Publish(DemoEvent.Connected, _payloads.RuleConnected(connection, now));
        Enqueue(_payloads.SysTopic(connection.ClientId, connected: true), _payloads.SysConnected(connection, now));
        Publish(DemoEvent.Connack, _payloads.RuleConnack(connection, RefusalNames.Success, now));
        return Task.CompletedTask;
    }

    private Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        if (_tracker.OnDisconnected(e) is var (connection, reason))
        {
            PublishDisconnected(connection, reason, _time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        return Task.CompletedTask;
    }

    private void PublishDisconnected(BrokerConnection connection, string reason, long now)
    {
        Publish(DemoEvent.Disconnected, _payloads.RuleDisconnected(connection, reason, now));
        Enqueue(_payloads.SysTopic(connection.ClientId, connected: false), _payloads.SysDisconnected(connection, reason, now));
    }

    private Task OnInboundPacketAsync(InterceptingPacketEventArgs e)
    {
        // A client may not send CONNECT twice, nor PINGRESP; EMQX closes such a connection.
        var notAllowed = e.Packet is MqttConnectPacket or MqttPingRespPacket;
        _tracker.OnInboundPacket(e.RemoteEndPoint, notAllowed);
        return Task.CompletedTask;
    }

    private Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        // Injected messages (our own events) have no client and are always allowed.
        if (e.ClientId is not null && e.ApplicationMessage.Topic.StartsWith(_options.ForbiddenTopicPrefix, StringComparison.Ordinal))
        {
            // Like EMQX with authorization.deny_action = disconnect. Only denials are published: EMQX
            // would report every check (a publish's allow included), which the dashboard only counts.
            if (_tracker.FindOpen(e.ClientId) is { } connection)
            {
                Publish(DemoEvent.AuthzComplete, _payloads.RuleAuthzDenied(connection, e.ApplicationMessage.Topic, _time.GetUtcNow().ToUnixTimeMilliseconds()));
            }

            _tracker.MarkNotAuthorized(e.ClientId);
            e.ProcessPublish = false;
            e.CloseConnection = true;
        }

        return Task.CompletedTask;
    }

    private void Enqueue(string topic, byte[] payload) => _outbox.Writer.TryWrite(new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(payload)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build());

    /// <summary>An event's rule row on the demo's own topic for it and on every topic a demo API rule republishes it to.</summary>
    private void Publish(DemoEvent kind, byte[] row)
    {
        Enqueue(DemoEvents.FixedTopic(kind), row);
        foreach (var topic in _republish.GetValueOrDefault(kind) ?? [])
        {
            Enqueue(topic, row);
        }
    }
}
