using Dashboard.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.StormBench;

/// <summary>
/// Many SignalR clients on <c>/hubs/live</c>, as wallboards and scripts would connect, each
/// recording when each <c>update</c> arrived (Unix ms) and the connects it reported.
/// </summary>
internal sealed class HubClients : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly List<List<Stamp>> _received = [];

    public int Count => _connections.Count;

    public static async Task<HubClients> ConnectAsync(Uri server, int count)
    {
        var clients = new HubClients();
        for (int i = 0; i < count; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server, LiveHub.Path.TrimStart('/')), o => o.Transports = HttpTransportType.WebSockets)
                .AddJsonProtocol(o => o.PayloadSerializerOptions.PropertyNameCaseInsensitive = true)
                .Build();
            var received = new List<Stamp>();
            connection.On<LiveUpdate>(LiveHub.UpdateMethod, update =>
            {
                var at = PublishTimeline.NowMs();
                lock (received)
                {
                    received.Add(new Stamp(at, update.ConnectsLastHour));
                }
            });
            await connection.StartAsync();
            clients._connections.Add(connection);
            clients._received.Add(received);
        }

        return clients;
    }

    /// <summary>A copy of what each client has received so far, oldest first (the first is the snapshot on connect).</summary>
    public IReadOnlyList<IReadOnlyList<Stamp>> Received()
    {
        return _received.Select(r =>
        {
            lock (r)
            {
                return (IReadOnlyList<Stamp>)[.. r];
            }
        }).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
