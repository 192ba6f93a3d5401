using System.Net;
using System.Net.Sockets;

namespace Dashboard.Simulator.Fleet;

/// <summary>
/// Checks that this machine can bind client sockets to the conflict pairs' source addresses. Linux
/// answers for all of 127.0.0.0/8; macOS and Windows have only 127.0.0.1 unless aliases are added,
/// so a host that runs the fleet there (the demo) should check and fall back (e.g. ConflictShare = 0).
/// </summary>
public static class SourceAddressProbe
{
    /// <returns>True when every address can be bound; otherwise false and which one failed, and why.</returns>
    public static bool CanBindAll(IEnumerable<string> addresses, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        foreach (var text in addresses)
        {
            if (!IPAddress.TryParse(text, out var address))
            {
                problem = $"'{text}' is not an IP address";
                return false;
            }

            try
            {
                using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(address, 0));
            }
            catch (SocketException ex)
            {
                problem = $"cannot bind to {address}: {ex.Message}";
                return false;
            }
        }

        problem = null;
        return true;
    }
}
