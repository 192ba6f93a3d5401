using System.Runtime.CompilerServices;
using Dashboard.Core.Emqx;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.Core.Tests.Ingestion;
using Dashboard.Tests.Shared;

namespace Dashboard.Core.Tests.Emqx;

/// <summary>
/// Live state with the real event pipeline running behind it (an in-memory store), a test clock, and
/// a reconcile that takes its pages from the test: what the reconciler does in the app, minus HTTP.
/// </summary>
internal sealed class ReconcileHarness : IAsyncDisposable
{
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    private readonly IngestChannel _channel = new(capacity: 10_000);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pipeline;

    public ReconcileHarness()
    {
        State = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), Time);
        var notifier = new ChangeNotifier(TimeSpan.FromMilliseconds(100), Time);
        _pipeline = Task.Run(() => new EventPipeline(_channel.Reader, State, notifier, Store, new HistoryStatus("test"), Time).RunAsync(_stop.Token));
    }

    /// <summary>"Now" when a test starts: an hour after <see cref="TestEvents.T0"/>.</summary>
    public static DateTimeOffset Now0 { get; } = TestEvents.T0.AddHours(1);

    public ManualTimeProvider Time { get; } = new(Now0);

    public LiveState State { get; }

    public RecordingStore Store { get; } = new();

    public IEnumerable<ConnectionEvent> Stored(EventSourceKind source)
    {
        lock (Store.Appends)
        {
            return Store.Events.Where(e => e.Source == source).ToList();
        }
    }

    /// <summary>Writes one event as a source would, and waits until it is applied and stored.</summary>
    public async Task ApplyAsync(ConnectionEvent e)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync(new IngestItem(e, _ => { done.TrySetResult(); return Task.CompletedTask; }));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task<ReconcileFigures> ReconcileAsync(IAsyncEnumerable<BrokerClientPage> pages, string? ownClientId = null)
    {
        var figures = new ReconcileFigures();
        await new ReconcileRun(State, _channel.Writer, Time, Skew, ownClientId).RunAsync(pages, figures, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return figures;
    }

    /// <summary>The pages, in order; <paramref name="between"/> runs after page i is handed out and before the next is asked for.</summary>
    public static async IAsyncEnumerable<BrokerClientPage> Pages(
        IReadOnlyList<IReadOnlyList<BrokerClient>> pages,
        Func<int, Task>? between = null,
        Exception? failAfterLast = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            yield return new BrokerClientPage(pages[i], i + 1 < pages.Count ? "next" : null, false, 0);
            if (between is not null)
            {
                await between(i);
            }
        }

        if (failAfterLast is not null)
        {
            throw failAfterLast;
        }

        await Task.CompletedTask;
        cancellationToken.ThrowIfCancellationRequested();
    }

    public static BrokerClient Listed(string clientId, DateTimeOffset connectedAt, string ip = "10.0.0.1", int port = 50000) => new()
    {
        ClientId = clientId,
        Connected = true,
        ConnectedAt = connectedAt,
        Username = "user",
        PeerIp = ip,
        PeerPort = port,
        Node = TestEvents.Node,
        Keepalive = 60,
        CleanStart = true,
        ExpiryIntervalSeconds = 0,
        ProtoVer = 5,
        ProtoName = "MQTT",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pipeline;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
        State.Dispose();
    }
}
