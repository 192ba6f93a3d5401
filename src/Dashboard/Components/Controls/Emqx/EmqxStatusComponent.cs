using Dashboard.Emqx;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Emqx;

/// <summary>
/// A component that shows <see cref="IEmqxStatus.Current"/> and re-renders when it changes. The
/// status service is optional (<see cref="IServiceProvider.GetService"/>): where it is not
/// registered, the component shows <see cref="EmqxStatusSnapshot.Off"/>.
/// </summary>
public abstract class EmqxStatusComponent : ComponentBase, IDisposable
{
    private IEmqxStatus? _status;

    [Inject]
    public required IServiceProvider Services { get; init; }

    /// <summary>What EMQX's REST side looks like now.</summary>
    protected EmqxStatusSnapshot Status => _status?.Current ?? EmqxStatusSnapshot.Off;

    public void Dispose()
    {
        if (_status is not null)
        {
            _status.Changed -= OnChanged;
        }

        GC.SuppressFinalize(this);
    }

    protected override void OnInitialized()
    {
        _status = Services.GetService<IEmqxStatus>();
        if (_status is not null)
        {
            _status.Changed += OnChanged;
        }
    }

    /// <summary>Raised on a background thread: render on this component's dispatcher.</summary>
    private void OnChanged() => _ = RenderAsync();

    private async Task RenderAsync()
    {
        try
        {
            await InvokeAsync(StateHasChanged);
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed before this component was disposed: nothing left to update.
        }
    }
}
