using Dashboard.Components.Controls.Formatting;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Components;

/// <summary>
/// The interactive root: cascades <see cref="ViewerSettings"/> to every page. Starts from the
/// cookies (parameters from <c>App.razor</c>); once the circuit is up it asks the browser for
/// its time zone, and when that differs (first visit, or the machine moved) remembers it and
/// re-renders every time on the page in it.
/// </summary>
public sealed partial class Routes : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private ViewerSettings _viewer = ViewerSettings.Default;

    /// <summary>The time zone cookie's value (an IANA ID), if any.</summary>
    [Parameter]
    public string? TimeZone { get; set; }

    /// <summary>The theme cookie's value ("dark" or "light"), if any.</summary>
    [Parameter]
    public string? Theme { get; set; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    protected override void OnInitialized() => _viewer = ViewerSettings.FromCookies(TimeZone, Theme);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        // Taken once: the source may be disposed while this waits, its token still says so.
        var disposed = _disposed.Token;
        try
        {
            var id = await ViewerSettings.BrowserTimeZoneAsync(JS, disposed);
            if (ViewerSettings.FindZone(id) is { } zone && zone.Id != _viewer.TimeZone.Id)
            {
                await ViewerSettings.RememberAsync(JS, ViewerSettings.TimeZoneCookie, id!, disposed);
                _viewer = _viewer with { TimeZone = zone };
                StateHasChanged();
            }
        }
        catch (Exception ex) when (ex is JSDisconnectedException || (ex is OperationCanceledException && disposed.IsCancellationRequested))
        {
            // The browser or the circuit went away before answering: the next visit asks again.
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
