using System.Buffers;
using Dashboard.Simulator.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Dashboard.Simulator.Events;

/// <summary>
/// Publishes synthetic EMQX 5.8 <c>client.connected</c>/<c>client.disconnected</c> rule events straight to
/// the republish topics, at a target rate, over one MQTT connection. Publishes are pipelined: up to
/// <see cref="FirehoseOptions.MaxInFlight"/> await completion while the next payloads are built.
/// It counts exactly what it published, per kind and reason.
/// </summary>
public sealed class Firehose
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    private readonly FirehoseOptions _options;
    private readonly TimeProvider _time;
    private readonly long[] _reasons = new long[ReasonMix.Count];
    private long _connected;
    private long _disconnected;
    private long _failed;
    private long _startedAt;
    private string? _error;
    private int _started;

    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public Firehose(FirehoseOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public FirehoseProgress Progress => new(
        Interlocked.Read(ref _connected),
        Interlocked.Read(ref _disconnected),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _startedAt) == 0 ? TimeSpan.Zero : _time.GetElapsedTime(Interlocked.Read(ref _startedAt)));

    /// <summary>
    /// Connects, publishes until the count, the duration or <paramref name="cancellationToken"/> says stop,
    /// waits for every publish in flight, disconnects and returns the totals. Cancellation ends the run
    /// early but still returns a result. A failed connect throws; a failed publish stops the run and is
    /// reported in <see cref="FirehoseResult.Error"/>. Can be called once.
    /// </summary>
    public Task<FirehoseResult> RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A Firehose runs once; create another for a second run.");
        }

        // On the thread pool, away from any caller's synchronization context (a UI, a test runner's
        // few threads): the pacing loop must not queue behind someone else's work.
        return Task.Run(() => RunCoreAsync(cancellationToken), CancellationToken.None);
    }

    private async Task<FirehoseResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(ClientOptions(), cancellationToken);

        var stream = new EventStream(_options.Clients, _options.Seed, _options.ConnectAllFirst);
        using var writer = new EventPayloadWriter(stream, _options.ClientIdPrefix, _options.Node);
        var inFlight = new Task[_options.MaxInFlight];
        long start = _time.GetTimestamp();
        Interlocked.Exchange(ref _startedAt, start);
        try
        {
            await PublishLoopAsync(client, stream, writer, inFlight, cancellationToken);
        }
        finally
        {
            // Publishes already handed to MQTTnet run to completion, so the totals are exact.
            await Task.WhenAll(inFlight.Where(t => t is not null));
        }

        var elapsed = _time.GetElapsedTime(start);
        await DisconnectAsync(client);
        return new FirehoseResult(
            Interlocked.Read(ref _connected),
            Interlocked.Read(ref _disconnected),
            Interlocked.Read(ref _failed),
            elapsed,
            Enumerable.Range(0, ReasonMix.Count).ToDictionary(ReasonMix.Name, i => Interlocked.Read(ref _reasons[i])),
            Volatile.Read(ref _error));
    }

    private async Task PublishLoopAsync(
        IMqttClient client, EventStream stream, EventPayloadWriter writer, Task[] inFlight, CancellationToken cancellationToken)
    {
        var pacer = new RatePacer(_options.Rate, _time);
        long limit = _options.Count ?? long.MaxValue;
        long deadline = _options.Duration is { } duration ? _time.GetTimestamp() + (long)(duration.TotalSeconds * _time.TimestampFrequency) : long.MaxValue;
        long issued = 0;
        while (issued < limit && !cancellationToken.IsCancellationRequested && Volatile.Read(ref _error) is null)
        {
            if (_time.GetTimestamp() >= deadline)
            {
                return;
            }

            long due = Math.Min(pacer.Due(issued), limit - issued);
            if (due <= 0)
            {
                try
                {
                    await Task.Delay(pacer.UntilNext(issued), _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            // A bounded batch, then back to the checks above: stop conditions stay responsive at any rate.
            for (long n = Math.Min(due, 4096); n > 0; n--, issued++)
            {
                int slot = (int)(issued % inFlight.Length);
                if (inFlight[slot] is { IsCompleted: false } previous)
                {
                    await previous;
                }

                var e = stream.Next(_time.GetUtcNow().ToUnixTimeMilliseconds());
                inFlight[slot] = PublishAsync(client, e, Pooled(writer.Write(e)));
            }
        }
    }

    // The payload must outlive the call that wrote it (MQTTnet sends asynchronously): a pooled copy.
    private static (byte[] Buffer, int Length) Pooled(ReadOnlySpan<byte> json)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(json.Length);
        json.CopyTo(buffer);
        return (buffer, json.Length);
    }

    private async Task PublishAsync(IMqttClient client, SyntheticEvent e, (byte[] Buffer, int Length) payload)
    {
        var message = new MqttApplicationMessage
        {
            Topic = e.IsConnect ? _options.ConnectedTopic : _options.DisconnectedTopic,
            Payload = new ReadOnlySequence<byte>(payload.Buffer, 0, payload.Length),
            QualityOfServiceLevel = _options.Qos == 1 ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce,
        };

        try
        {
            var result = await client.PublishAsync(message, CancellationToken.None);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"the broker rejected a publish: {result.ReasonCode}");
            }

            Count(e);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _failed);
            Interlocked.CompareExchange(ref _error, $"publish failed: {ex.Message}", null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload.Buffer);
        }
    }

    private void Count(in SyntheticEvent e)
    {
        if (e.IsConnect)
        {
            Interlocked.Increment(ref _connected);
            return;
        }

        Interlocked.Increment(ref _disconnected);
        Interlocked.Increment(ref _reasons[e.Reason]);
    }

    private MqttClientOptions ClientOptions()
    {
        var broker = _options.Broker;
        return ClientOptionsFactory.Build(broker, _options.PublisherClientId ?? $"sim-firehose-{_options.Seed}", null, PublishTimeout, builder =>
        {
            // 3.1.1: the smallest PUBLISH headers, and every broker speaks it.
            builder.WithProtocolVersion(MqttProtocolVersion.V311).WithCleanSession().WithKeepAlivePeriod(TimeSpan.FromSeconds(30));
            if (broker.Username is not null || broker.Password is not null)
            {
                builder.WithCredentials(broker.Username ?? string.Empty, broker.Password);
            }
        });
    }

    private static async Task DisconnectAsync(IMqttClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The counts are final already; a failed goodbye changes nothing about them.
        }
    }
}
