using Dashboard.Components.Controls.Charts;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Dashboard.History;

namespace Dashboard.ViewModels;

/// <summary>
/// One client ID's drill-down: its live status, and over a range its events, sessions (timeline),
/// summary and chart. Live status follows live changes; history is re-read when the store says it
/// has this client's new events (<see cref="ChangeNotifier.SubscribeStored"/>), however long its
/// retries took, and while a range that ends now slides on with the clock. Its refused attempts,
/// failed authentications and denials are read beside the events (ClientDetailView.Refused.cs).
/// </summary>
public sealed partial class ClientDetailView(LiveState liveState, IHistoryStore history, TimeProvider time, ILogger logger)
{
    /// <summary>The most events one load reads; past it the oldest of the range are left out, and the page says so.</summary>
    public const int EventLimit = 5000;

    /// <summary>How often a range that ends now moves on with the clock while nothing happens to this client.</summary>
    public static readonly TimeSpan SlidePeriod = TimeSpan.FromSeconds(30);

    private int _loads;

    public string ClientId { get; private set; } = string.Empty;

    public ClientSnapshot? Live { get; private set; }

    public IReadOnlyList<StoredEvent> Events { get; private set; } = [];

    public IReadOnlyList<ClientSession> Sessions { get; private set; } = [];

    public ClientHistorySummary? Summary { get; private set; }

    public object? ChartOptions { get; private set; }

    public IReadOnlyList<SessionTimelineChart.Series> ChartSeries { get; private set; } = [];

    public int ChartHeight { get; private set; } = SessionTimelineChart.HeightFor(1);

    public DateTimeOffset Now { get; private set; } = time.GetUtcNow();

    /// <summary>When the last full read started; default before the first.</summary>
    public DateTimeOffset LoadedAt { get; private set; }

    /// <summary>Why the last history read failed (provider, kind of failure, reference), or null.</summary>
    public string? LoadError { get; private set; }

    public bool HistoryOn => history.IsEnabled;

    public bool Truncated => Events.Count >= EventLimit;

    /// <summary>A change concerns this page when it names this client, or was too large to name everyone.</summary>
    public bool Concerns(LiveChange change) =>
        change.Truncated || change.ChangedClientIds.Contains(ClientId, StringComparer.Ordinal);

    /// <summary>Shows <paramref name="clientId"/>; false when it is already shown (nothing to read again).</summary>
    public bool Show(string clientId)
    {
        if (clientId == ClientId && LoadedAt != default)
        {
            return false;
        }

        ClientId = clientId;
        return true;
    }

    /// <summary>Moves the clock on (relative times, the live session's length).</summary>
    public void Tick() => Now = time.GetUtcNow();

    /// <summary>Re-reads the live status only: history follows when the store has the events.</summary>
    public void ReadLive()
    {
        Now = time.GetUtcNow();
        Live = ClientId.Length == 0 ? null : liveState.GetClient(ClientId);
    }

    /// <summary>Starts a full read: the clock, when it started, and the live status.</summary>
    public void BeginLoad()
    {
        ReadLive();
        LoadedAt = Now;
    }

    /// <summary>Whether a range that ends now is due to move on with the clock (none is loading).</summary>
    public bool SlideDue(bool fixedRange) => !fixedRange && HistoryOn && Now - LoadedAt >= SlidePeriod && _loads == 0;

    /// <summary>
    /// Reads this client's history between the two instants and rebuilds the timeline, summary and
    /// chart. A store that fails (a database restarting) leaves what was shown and says why; the
    /// next change tries again. Cancellation (a newer read, the page's end) propagates.
    /// </summary>
    public async Task LoadHistoryAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (!HistoryOn || ClientId.Length == 0)
        {
            Failures = [];
            SetHistory([], from, to);
            return;
        }

        _loads++;
        try
        {
            var events = await history.GetClientEventsAsync(ClientId, from, to, EventLimit, cancellationToken);
            var failures = await ReadFailuresAsync(from, to, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            LoadError = null;
            Failures = failures;
            SetHistory(events, from, to);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LoadError = HistoryReadError.Report(logger, history, ex);
        }
        finally
        {
            _loads--;
        }
    }

    private void SetHistory(IReadOnlyList<StoredEvent> events, DateTimeOffset from, DateTimeOffset to)
    {
        Events = events;
        Sessions = SessionTimeline.Build(events, from, to, Now);
        Summary = ClientHistorySummary.Build(Sessions, events, from, to, Now);
        (_chartFrom, _chartTo) = (from, to);
        BuildChart();
    }
}
