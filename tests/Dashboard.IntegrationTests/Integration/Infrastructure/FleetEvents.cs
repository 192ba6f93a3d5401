using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>
/// A fleet's event stream for the scale-out tests: <see cref="PacedPublisher"/>'s distinct connects,
/// and for every <see cref="DisconnectEvery"/>th client its disconnect, published once the broker
/// has acknowledged the connect (so every subscriber gets the two in order). At the end the
/// clients <c>n % DisconnectEvery == 0</c> are offline and the rest online, and history holds one
/// row per published event: what the tests compare each instance against.
/// </summary>
public sealed class FleetEvents : IAsyncDisposable
{
    public const int DisconnectEvery = 4;

    /// <summary>
    /// Disconnects stay this many acknowledged connects behind while the stream flows: PUBACKs on
    /// one connection come back in order, this margin covers the publisher's whole in-flight window anyway.
    /// </summary>
    private const int Lag = 500;

    private readonly PacedPublisher _connects;
    private readonly EventPublisher _disconnects;
    private int _requested;
    private int _nextDisconnect;
    private int _disconnectsPublished;

    private FleetEvents(PacedPublisher connects, EventPublisher disconnects)
    {
        _connects = connects;
        _disconnects = disconnects;
    }

    /// <summary>Connect events the broker has acknowledged.</summary>
    public int Connects => _connects.Published;

    /// <summary>Every event (connects and disconnects) the broker has acknowledged: the rows history must hold.</summary>
    public int Published => _connects.Published + Volatile.Read(ref _disconnectsPublished);

    /// <summary>Connects the broker did not acknowledge (the tests expect none).</summary>
    public int Failed => _connects.Failed;

    public static async Task<FleetEvents> ConnectAsync(MosquittoBroker broker, string prefix = "fleet") =>
        new(await PacedPublisher.ConnectAsync(broker, prefix), await EventPublisher.ConnectAsync(broker));

    /// <summary>
    /// Publishes <paramref name="count"/> more clients' connects at <paramref name="perSecond"/>,
    /// with their disconnects following, and returns once the broker has acknowledged them all.
    /// </summary>
    public async Task PublishAsync(int count, int perSecond)
    {
        _requested += count;
        using var done = new CancellationTokenSource();
        var following = FollowAsync(done.Token);
        try
        {
            await _connects.PublishAsync(count, perSecond);
        }
        finally
        {
            await done.CancelAsync();
            await following;
        }

        await PublishDisconnectsAsync(upTo: _connects.Published);
    }

    /// <summary>The client IDs that must be online at the end, in ordinal order.</summary>
    public IReadOnlyList<string> ExpectedOnline() => Expected(n => n % DisconnectEvery != 0);

    /// <summary>The client IDs that must be offline at the end, in ordinal order.</summary>
    public IReadOnlyList<string> ExpectedOffline() => Expected(n => n % DisconnectEvery == 0);

    private List<string> Expected(Func<int, bool> which) =>
        Enumerable.Range(0, _requested).Where(which).Select(_connects.ClientId).Order(StringComparer.Ordinal).ToList();

    private async Task FollowAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await PublishDisconnectsAsync(upTo: _connects.Published - Lag);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), stop);
            }
            catch (OperationCanceledException)
            {
                // The connects are all published: the caller publishes the remaining disconnects.
            }
        }
    }

    private async Task PublishDisconnectsAsync(int upTo)
    {
        while (_nextDisconnect < upTo)
        {
            await _disconnects.PublishAsync("client_disconnected", _connects.DisconnectPayload(_nextDisconnect));
            Interlocked.Increment(ref _disconnectsPublished);
            _nextDisconnect += DisconnectEvery;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connects.DisposeAsync();
        await _disconnects.DisposeAsync();
    }
}
