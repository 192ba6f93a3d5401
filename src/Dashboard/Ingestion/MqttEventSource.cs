using Dashboard.Core.Errors;
using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Options;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Dashboard.Ingestion;

/// <summary>
/// Subscribes to the broker's event topics and feeds every message into the ingestion channel.
/// MQTTnet 5 has no managed client, so this is the reconnect loop: connect with a persistent
/// session (the broker queues events while we are away), subscribe, watch the connection, and on
/// loss retry with capped exponential backoff. The receive handler only parses and writes.
/// At a stop (<see cref="IngestShutdown"/>) it takes nothing more once the input is closed (what it
/// does not take it does not acknowledge, so the broker delivers it again from the session after the
/// restart), stays connected until the pipeline has acknowledged what it took, then disconnects.
/// </summary>
internal sealed partial class MqttEventSource : BackgroundService
{
    private static readonly TimeSpan HealthCheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);

    // MQTTnet sets the socket's buffers to its BufferSize (8 KiB by default) before connecting, and
    // a receive buffer that small pins the TCP window to 8 KiB without window scaling. Under a
    // backlog the broker then trickles events out: the ingest benchmark saw a QoS 1 stream fall to
    // about 80 events/s. A large buffer gives the window room for a burst.
    private const int SocketBufferBytes = 1024 * 1024;

    private readonly MqttOptions _options;
    private readonly IngestWriter _writer;
    private readonly TimeProvider _time;
    private readonly ILogger<MqttEventSource> _logger;
    private readonly IngestSourceStatus _status;
    private readonly MqttReconnects _reconnects;
    private readonly MqttRuntimeTopics _runtimeTopics;
    private readonly IngestShutdown _shutdown;
    private readonly HistoryCatchUp _catchUp;
    private IMqttClient? _client;
    private CancellationToken _stopping;
    private bool _connectedBefore;

    public MqttEventSource(
        IOptions<MqttOptions> options,
        IngestWriter writer,
        IngestDiagnostics diagnostics,
        TimeProvider time,
        MqttReconnects reconnects,
        ILogger<MqttEventSource> logger,
        MqttRuntimeTopics runtimeTopics,
        IngestShutdown shutdown,
        HistoryCatchUp catchUp)
    {
        _shutdown = shutdown;
        _catchUp = catchUp;
        _options = options.Value;
        _reconnects = reconnects;
        _runtimeTopics = runtimeTopics;
        runtimeTopics.Attach(SubscribeAtRunTimeAsync);
        _writer = writer;
        _time = time;
        _logger = logger;
        var scheme = _options.UseTls ? "mqtts" : "mqtt";
        _status = diagnostics.AddSource("mqtt", $"{scheme}://{_options.Host}:{_options.Port} as '{_options.ClientId}'");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _status.SetState(IngestSourceState.Disabled, _time.GetUtcNow());
            return;
        }

        _stopping = stoppingToken;
        using var client = new MqttClientFactory().CreateMqttClient();
        _client = client;
        client.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
        client.DisconnectedAsync += OnDisconnectedAsync;
        var backoff = new ReconnectBackoff(
            TimeSpan.FromSeconds(_options.ReconnectInitialDelaySeconds),
            TimeSpan.FromSeconds(_options.ReconnectMaxDelaySeconds));

        try
        {
            await RunConnectionLoopAsync(client, backoff, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await DisconnectGracefullyAsync(client);
        _client = null;
    }

    /// <summary>The connection carries the acknowledgements of the drain: it ends only after it.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _shutdown.WaitUntilDrainedAsync(cancellationToken);
        await base.StopAsync(cancellationToken);
    }

    private async Task RunConnectionLoopAsync(IMqttClient client, ReconnectBackoff backoff, CancellationToken stoppingToken)
    {
        var lastPing = _time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!client.IsConnected && _shutdown.IsInputClosed)
            {
                // Stopping: a new session would only be handed messages we no longer take.
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, stoppingToken);
            }

            if (!client.IsConnected)
            {
                if (await TryConnectAndSubscribeAsync(client, stoppingToken))
                {
                    backoff.Reset();
                    lastPing = _time.GetUtcNow();
                }
                else
                {
                    await Task.Delay(backoff.NextDelay(), _time, stoppingToken);
                }

                continue;
            }

            await Task.Delay(HealthCheckInterval, _time, stoppingToken);
            if (client.IsConnected && _time.GetUtcNow() - lastPing >= PingInterval)
            {
                lastPing = _time.GetUtcNow();
                if (!await client.TryPingAsync(stoppingToken))
                {
                    MarkDisconnected("the broker did not answer a ping");
                }
            }
        }
    }

    private async Task<bool> TryConnectAndSubscribeAsync(IMqttClient client, CancellationToken stoppingToken)
    {
        _status.SetState(IngestSourceState.Connecting, _time.GetUtcNow());
        _status.RecordConnectAttempt();
        var gapStart = _catchUp.GapStart(_status);
        try
        {
            var result = await client.ConnectAsync(BuildClientOptions(), stoppingToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                MarkDisconnected($"the broker refused the connection: {result.ResultCode} {result.ReasonString}".TrimEnd());
                return false;
            }

            // Subscribing again while the broker kept our session is harmless, and it makes a
            // change of Mqtt:Topics take effect on a kept session too.
            await SubscribeAsync(client, stoppingToken);
            _catchUp.Subscribed(gapStart, result.IsSessionPresent, stoppingToken);
            _status.SetState(IngestSourceState.Connected, _time.GetUtcNow());
            Log.Connected(_logger, _status.Description, result.IsSessionPresent);
            if (_connectedBefore)
            {
                _reconnects.Raise();
            }

            _connectedBefore = true;
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            MarkDisconnected("cannot connect", ex);
            if (client.IsConnected)
            {
                await client.DisconnectAsync(cancellationToken: CancellationToken.None);
            }

            return false;
        }
    }

    private async Task SubscribeAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in _options.EffectiveTopics.Union(_runtimeTopics.Topics, StringComparer.Ordinal))
        {
            builder.WithTopicFilter(f => f.WithTopic(topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        }

        var result = await client.SubscribeAsync(builder.Build(), cancellationToken);
        var refused = result.Items
            .Where(item => item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
            .Select(item => $"{item.TopicFilter.Topic} ({item.ResultCode})")
            .ToArray();
        if (refused.Length > 0)
        {
            // Typically $SYS denied by the broker's ACL: the other topics still work, so stay connected.
            var message = $"the broker refused the subscription to {string.Join(", ", refused)}";
            _status.RecordError(message, _time.GetUtcNow());
            Log.SourceWarning(_logger, message);
        }
    }

    /// <summary>
    /// Subscribes to a topic added at run time (<see cref="MqttRuntimeTopics"/>) on the live
    /// connection; false when there is none (the next connect subscribes to it with the others).
    /// </summary>
    private async Task<bool> SubscribeAtRunTimeAsync(string topic, CancellationToken cancellationToken)
    {
        if (_client is not { IsConnected: true } client)
        {
            return false;
        }

        var options = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        var result = await client.SubscribeAsync(options, cancellationToken);
        return result.Items.All(item => item.ResultCode <= MqttClientSubscribeResultCode.GrantedQoS2);
    }

    private MqttClientOptions BuildClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithBroker(_options)
            .WithClientId(_options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(_options.SessionExpirySeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(_options.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(10));

        var options = builder.Build();
        if (options.ChannelOptions is MqttClientTcpOptions tcp)
        {
            tcp.BufferSize = SocketBufferBytes;
        }

        return options;
    }

    private async Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Acknowledged by the pipeline once the event is durable, so a crash before that means the
        // broker delivers it again from our persistent session. First of all: MQTTnet acknowledges
        // whatever a handler returns from while this is still true.
        e.AutoAcknowledge = false;
        if (_shutdown.IsInputClosed)
        {
            // Stopping: not taken, so not acknowledged; the broker delivers it again after the restart.
            return;
        }

        var message = e.ApplicationMessage;
        var topic = message.Topic;
        var kind = topic is not null && topic.StartsWith("$SYS/", StringComparison.Ordinal)
            ? EventSourceKind.Sys
            : EventSourceKind.Mqtt;
        await _writer.IngestAsync(_status, message.Payload, topic, kind, e.AcknowledgeAsync, _stopping);
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (!_stopping.IsCancellationRequested && e.ClientWasConnected)
        {
            if (e.Exception is { } exception)
            {
                MarkDisconnected("connection lost", exception);
            }
            else
            {
                // The broker's own words in its DISCONNECT: shown encoded, like any text from outside.
                MarkDisconnected($"connection lost: {e.ReasonString ?? e.Reason.ToString()}");
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Users see what kind of failure it was and a reference; the exception's own message (which may
    /// name hosts, paths or certificate details) goes only to the log, next to that reference.
    /// </summary>
    private void MarkDisconnected(string what, Exception exception)
    {
        var reference = ErrorSummary.NewReference();
        Log.Failed(_logger, exception, _status.Description, what, reference);
        var kind = exception switch
        {
            MQTTnet.Adapter.MqttConnectingFailedException => "the broker refused the connection (see the log for its reason code)",
            MQTTnet.Exceptions.MqttCommunicationTimedOutException => "timed out",
            _ => ErrorSummary.Describe(exception),
        };
        SetDisconnected($"{what}: {kind} ({reference})");
    }

    private void MarkDisconnected(string error)
    {
        Log.Error(_logger, _status.Description, error);
        SetDisconnected(error);
    }

    private void SetDisconnected(string error)
    {
        var now = _time.GetUtcNow();
        _status.RecordError(error, now);
        _status.SetState(IngestSourceState.Disconnected, now);
    }

    private async Task DisconnectGracefullyAsync(IMqttClient client)
    {
        _status.SetState(IngestSourceState.Disconnected, _time.GetUtcNow());
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
            Log.Disconnected(_logger, _status.Description, _options.SessionExpirySeconds);
        }
        catch (Exception ex)
        {
            Log.DisconnectFailed(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Broker} (session present: {SessionPresent})")]
        public static partial void Connected(ILogger logger, string broker, bool sessionPresent);

        [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT source: {Message}")]
        public static partial void SourceWarning(ILogger logger, string message);

        [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT source {Broker}: {What} ({Reference})")]
        public static partial void Failed(ILogger logger, Exception exception, string broker, string what, string reference);

        [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT source {Broker}: {Error}")]
        public static partial void Error(ILogger logger, string broker, string error);

        [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: disconnected from {Broker} (normal disconnection; the broker keeps the session for {SessionExpirySeconds} s)")]
        public static partial void Disconnected(ILogger logger, string broker, uint sessionExpirySeconds);

        [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT disconnect at shutdown failed")]
        public static partial void DisconnectFailed(ILogger logger, Exception exception);
    }
}
