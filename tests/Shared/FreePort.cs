using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Tests.Shared;

/// <summary>
/// Test servers bind to 127.0.0.1 on a port nothing else uses. A port the OS picks (port 0) comes from its
/// ephemeral range, which it also hands to outgoing connections: between choosing the port and the server
/// binding it, a connection to PostgreSQL or a broker could take it ("address already in use", seen once in
/// 2,240 tests). So ports are drawn from below that range, where the OS never assigns one by itself, each at
/// most once per process, and checked free by binding them.
/// </summary>
internal static class FreePort
{
    private const int Lowest = 20_000;

    private static readonly HashSet<int> Given = [];

    private static readonly int Highest = EphemeralLow() - 1;

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now and this process has not handed out before.</summary>
    public static int Next()
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 200 && Highest > Lowest; attempt++)
            {
                var port = Random.Shared.Next(Lowest, Highest + 1);
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        // No room below the ephemeral range (an unusual kernel setting): let the OS choose.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of Linux's ephemeral range (32768 by default), or 32768 where it cannot be read.</summary>
    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
