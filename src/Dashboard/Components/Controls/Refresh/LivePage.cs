using Dashboard.Core.Notifications;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Refresh;

/// <summary>
/// A page that shows live state: it reads what it shows once at start, again on every change
/// notification and every second (so relative times and source states move on while nothing
/// arrives), and stops both when it is disposed. Pages say only what to read.
/// </summary>
public abstract class LivePage : ComponentBase, IAsyncDisposable
{
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(1);
    private LiveRefresh? _refresh;

    [Inject]
    public required ChangeNotifier Notifier { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    public async ValueTask DisposeAsync()
    {
        if (_refresh is not null)
        {
            await _refresh.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Copies what the page shows from the live services; runs on the page's dispatcher.</summary>
    protected abstract void ReadState();

    protected override void OnInitialized()
    {
        ReadState();
        _refresh = new LiveRefresh(Notifier, Time, RefreshPeriod, InvokeAsync, RefreshAsync, DispatchExceptionAsync);
    }

    private Task RefreshAsync()
    {
        ReadState();
        StateHasChanged();
        return Task.CompletedTask;
    }
}
