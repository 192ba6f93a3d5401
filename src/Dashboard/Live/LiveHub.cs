using Dashboard.Core.Live;
using Dashboard.Metrics;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Live;

/// <summary>
/// The public live API at <c>/hubs/live</c>: a snapshot on connect, then the same coalesced
/// <c>update</c> messages the pages get. Read-only: clients can ask for the summary, nothing more.
/// </summary>
public sealed class LiveHub(LiveState state, ActiveConnections connections) : Hub
{
    public const string Path = "/hubs/live";
    public const string UpdateMethod = "update";
    private const string CountedKey = "dashboard.counted";

    public override async Task OnConnectedAsync()
    {
        // Counted once per connection, and uncounted only if counted, whichever way it ends.
        Context.Items[CountedKey] = true;
        connections.HubConnected();
        await Clients.Caller.SendAsync(UpdateMethod, GetSummary());
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.Remove(CountedKey))
        {
            connections.HubDisconnected();
        }

        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>The current numbers, as an update with sequence 0 and no changed IDs.</summary>
    public LiveUpdate GetSummary() => LiveUpdate.From(state.GetSummary(), 0, [], false);
}
