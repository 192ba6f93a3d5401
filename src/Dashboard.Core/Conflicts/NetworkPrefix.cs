using System.Net;
using System.Net.Sockets;

namespace Dashboard.Core.Conflicts;

/// <summary>Groups client addresses by network: a /24 for IPv4, a /48 for IPv6 (a typical site allocation).</summary>
public static class NetworkPrefix
{
    public static string? Of(string? ip)
    {
        if (ip is null || !IPAddress.TryParse(ip, out var address))
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[3] = 0;
            return $"{new IPAddress(bytes)}/24";
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Array.Clear(bytes, 6, bytes.Length - 6);
            return $"{new IPAddress(bytes)}/48";
        }

        return null;
    }
}
