using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dashboard.Tests.Demo;

/// <summary>
/// A bare MQTT 3.1.1 connection over a socket, for behaviour a well-behaved client library will not
/// produce: staying silent past the keepalive, dropping the socket without DISCONNECT, sending a
/// second CONNECT.
/// </summary>
internal sealed class RawMqttConnection : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public static async Task<RawMqttConnection> ConnectAsync(int port, string clientId, ushort keepaliveSeconds = 60, string localAddress = "127.0.0.1")
    {
        var connection = new RawMqttConnection();
        connection._socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
        await connection._socket.ConnectAsync(IPAddress.Loopback, port);
        await connection.SendAsync(ConnectPacket(clientId, keepaliveSeconds));
        var connack = new byte[4];
        var read = await connection._socket.ReceiveAsync(connack);
        if (read != 4 || connack[0] != 0x20 || connack[3] != 0)
        {
            throw new InvalidOperationException($"CONNECT refused: {Convert.ToHexString(connack, 0, read)}");
        }

        return connection;
    }

    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>MQTT allows one CONNECT per connection; a second one is a protocol violation.</summary>
    public Task SendSecondConnectAsync() => SendAsync(ConnectPacket("again", 60));

    /// <summary>Waits until the broker closes the connection.</summary>
    public async Task WaitUntilClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64];
        while (await _socket.ReceiveAsync(buffer, cts.Token) > 0)
        {
        }
    }

    /// <summary>Drops the connection with a reset, sending no DISCONNECT.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();

    private async Task SendAsync(byte[] packet) => await _socket.SendAsync(packet);

    private static byte[] ConnectPacket(string clientId, ushort keepalive)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        var body = new List<byte> { 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x02, (byte)(keepalive >> 8), (byte)keepalive };
        body.Add((byte)(id.Length >> 8));
        body.Add((byte)id.Length);
        body.AddRange(id);
        return [0x10, (byte)body.Count, .. body];
    }
}
