using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Live;

/// <summary>Forwards each coalesced change notification to every <c>/hubs/live</c> client.</summary>
internal sealed class LiveHubBroadcaster(ChangeNotifier notifier, LiveState state, IHubContext<LiveHub> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(change =>
        {
            var update = LiveUpdate.From(state.GetSummary(), change.Sequence, change.ChangedClientIds, change.Truncated);
            return hub.Clients.All.SendAsync(LiveHub.UpdateMethod, update, CancellationToken.None);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
