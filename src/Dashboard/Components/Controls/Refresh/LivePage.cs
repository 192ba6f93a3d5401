using Dashboard.Core.Notifications;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Refresh;

/// <summary>
/// The one lifecycle of every live page: it reads what it shows when its parameters are set,
/// again on every live change that concerns it, on every "events stored" signal when it reads
/// history, and on a period of its choosing (so relative times and source states move on while
/// nothing arrives); requests coalesce (<see cref="LiveRefresh"/>), so at most one read runs and
/// one waits. A read the page starts itself (<see cref="ReloadAsync"/>: a new range, a new search)
/// cancels reads still in progress, whose answers would be out of date. Disposing stops it all.
/// A page says what to read (<see cref="ReadState"/> or <see cref="ReadStateAsync"/>) and, if it
/// wants, which changes concern it and how often to tick.
/// </summary>
public abstract class LivePage : ComponentBase, IAsyncDisposable
{
    /// <summary>The usual period: relative times ("12 s ago") move on once a second.</summary>
    protected static readonly TimeSpan EverySecond = TimeSpan.FromSeconds(1);

    private LiveRefresh? _refresh;
    private CancellationTokenSource _reads = new();
    private bool _disposed;

    [Inject]
    public required ChangeNotifier Notifier { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    /// <summary>How often the page re-reads while nothing happens; null for never.</summary>
    protected virtual TimeSpan? TickPeriod => EverySecond;

    /// <summary>Whether the page shows history, and so re-reads when the store has new events.</summary>
    protected virtual bool ReadsHistory => false;

    /// <summary>Whether the page shows access failures, and so re-reads (as for stored events) when the store has new ones.</summary>
    protected virtual bool ReadsRefused => false;

    /// <summary>For work the page starts outside a read (a lookup the user asked for): ends with the current read.</summary>
    protected CancellationToken ReadCancellation => _reads.Token;

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_refresh is not null)
        {
            await _refresh.DisposeAsync();
        }

        await _reads.CancelAsync();
        _reads.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Whether a live change (or a stored batch) concerns this page; all do unless it says otherwise.</summary>
    protected virtual bool Concerns(LiveChange change) => true;

    /// <summary>Copies what the page shows from the live services; runs on the page's dispatcher.</summary>
    protected virtual void ReadState()
    {
    }

    /// <summary>
    /// Reads what the page shows, for the given reasons; runs on the page's dispatcher and renders
    /// afterwards. <paramref name="cancellationToken"/> ends when a newer read supersedes this one
    /// or the page goes away. By default the synchronous <see cref="ReadState"/>, whatever the reason.
    /// </summary>
    protected virtual Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        ReadState();
        return Task.CompletedTask;
    }

    protected override void OnInitialized()
    {
        _refresh = new LiveRefresh(
            Notifier,
            Time,
            TickPeriod,
            InvokeAsync,
            RefreshAsync,
            DispatchExceptionAsync,
            Concerns,
            ReadsHistory ? Concerns : null,
            ReadsRefused ? Concerns : null);
    }

    /// <summary>Reads everything when the parameters are set (first render, a new URL). Pages that read only on some parameters override it.</summary>
    protected override Task OnParametersSetAsync() => ReloadAsync();

    /// <summary>A read the page starts itself: it supersedes reads in progress, whose answers would be out of date.</summary>
    protected async Task ReloadAsync()
    {
        if (_disposed)
        {
            return;
        }

        // Not disposed: the superseded read may still hold its token. It has no timer to release.
        await _reads.CancelAsync();
        _reads = new CancellationTokenSource();
        await ReadAsync(LiveTriggers.Reload);
    }

    private async Task RefreshAsync(LiveTriggers why)
    {
        if (await ReadAsync(why))
        {
            StateHasChanged();
        }
    }

    /// <summary>Runs one read; false when it was superseded (its answer is dropped).</summary>
    private async Task<bool> ReadAsync(LiveTriggers why)
    {
        var token = _reads.Token;
        try
        {
            await ReadStateAsync(why, token);
            return true;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return false;
        }
    }
}
