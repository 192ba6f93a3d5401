using System.Net.Security;
using System.Net.Sockets;

namespace Dashboard.Simulator.Mqtt;

/// <summary>
/// One MQTT 3.1.1 connection over a bare socket (TLS optional), for the devices that misbehave on
/// the wire: it sends only what it is told to (pings too), and can vanish without a DISCONNECT.
/// </summary>
internal sealed class RawMqttConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;

    private RawMqttConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>Connects and completes the CONNECT/CONNACK exchange; throws <see cref="ConnectRefusedException"/> on a refusal.</summary>
    public static async Task<RawMqttConnection> ConnectAsync(BrokerOptions broker, byte[] connectPacket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(broker.Host, broker.Port, deadline.Token);
            stream = new NetworkStream(socket, ownsSocket: false);
            if (broker.UseTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = broker.Host,
#pragma warning disable CA5359 // Only with --insecure, which the CLI accepts only with TLS: for self-signed test brokers, as the MQTTnet path allows.
                        RemoteCertificateValidationCallback = broker.AllowUntrustedCertificates ? (_, _, _, _) => true : null,
#pragma warning restore CA5359
                    },
                    deadline.Token);
            }

            await stream.WriteAsync(connectPacket, deadline.Token);
            var connAck = new byte[MqttWire.ConnAckLength];
            await stream.ReadExactlyAsync(connAck, deadline.Token);
            byte returnCode = MqttWire.ReadConnAckReturnCode(connAck);
            if (returnCode != 0)
            {
                throw new ConnectRefusedException(returnCode);
            }

            return new RawMqttConnection(socket, stream);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            socket.Dispose();
            throw;
        }
    }

    public async Task SendAsync(byte[] packet, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(packet, cancellationToken);

    /// <summary>
    /// Reads (and ignores) whatever the broker sends until it closes the connection.
    /// True when the broker closed it within <paramref name="timeout"/>, false when the time ran out.
    /// </summary>
    public async Task<bool> WaitForBrokerCloseAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var buffer = new byte[256];
        try
        {
            while (await _stream.ReadAsync(buffer, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (IOException)
        {
            // A reset from the broker is a close as well.
            return true;
        }
    }

    /// <summary>
    /// Drops the connection the way a crashing device does: no DISCONNECT, and a zero linger time so
    /// the kernel resets the socket at once (EMQX reports a reset like a close: <c>tcp_closed</c>).
    /// </summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already closed by the peer: nothing left to reset.
        }

        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}

/// <summary>The broker answered CONNECT with a non-zero CONNACK return code (4 = bad credentials, 5 = not authorised).</summary>
internal sealed class ConnectRefusedException(byte returnCode)
    : Exception($"the broker refused the connection (CONNACK return code {returnCode})")
{
    public byte ReturnCode { get; } = returnCode;
}
