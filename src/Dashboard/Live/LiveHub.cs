using Dashboard.Core.Live;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Live;

/// <summary>
/// The public live API at <c>/hubs/live</c>: a snapshot on connect, then the same coalesced
/// <c>update</c> messages the pages get. Read-only: clients can ask for the summary, nothing more.
/// </summary>
public sealed class LiveHub(LiveState state) : Hub
{
    public const string Path = "/hubs/live";
    public const string UpdateMethod = "update";

    public override async Task OnConnectedAsync()
    {
        await Clients.Caller.SendAsync(UpdateMethod, GetSummary());
        await base.OnConnectedAsync();
    }

    /// <summary>The current numbers, as an update with sequence 0 and no changed IDs.</summary>
    public LiveUpdate GetSummary() => LiveUpdate.From(state.GetSummary(), 0, [], false);
}
