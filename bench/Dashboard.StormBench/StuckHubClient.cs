using System.Net.WebSockets;
using System.Text;
using Dashboard.Live;

namespace Dashboard.StormBench;

/// <summary>
/// A <c>/hubs/live</c> client that completes the SignalR handshake and then never reads: a wallboard
/// whose tab froze, a script stuck in a breakpoint. The server's sends to it back up once the socket
/// buffers fill; the question is whether everyone else's updates wait for it.
/// </summary>
internal sealed class StuckHubClient : IDisposable
{
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();

    public static async Task<StuckHubClient> ConnectAsync(Uri server)
    {
        var client = new StuckHubClient();

        // SignalR accepts a WebSocket straight away, without the negotiate round trip.
        var ws = new UriBuilder(new Uri(server, LiveHub.Path.TrimStart('/'))) { Scheme = "ws" }.Uri;
        await client._socket.ConnectAsync(ws, CancellationToken.None);
        var handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
        await client._socket.SendAsync(handshake, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        // It still pings, so the server's client timeout (30 s of silence) does not end it: alive, but never reading.
        _ = client.PingAsync();
        return client;
    }

    private async Task PingAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _stop.Token);
                await _socket.SendAsync(Ping, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped, or the server gave up on it.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
    }
}
