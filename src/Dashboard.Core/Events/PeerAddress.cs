using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Core.Events;

/// <summary>
/// Splits EMQX's <c>"ip:port"</c> peer strings and normalises IP text, so the same client
/// seen through a rule event, <c>$SYS</c> and the REST API yields the same address string.
/// </summary>
public static class PeerAddress
{
    /// <summary>
    /// Splits a peername such as <c>"172.18.0.1:53122"</c>, <c>"2400:3200:1600::1234:50622"</c>
    /// (EMQX prints IPv6 without brackets, so the port is after the last colon) or <c>"[::1]:1883"</c>.
    /// A peername without a usable port gives the IP alone and a null port.
    /// </summary>
    /// <returns>False only when <paramref name="peername"/> is null, empty or whitespace.</returns>
    public static bool TrySplit(string? peername, [NotNullWhen(true)] out string? ip, out int? port)
    {
        ip = null;
        port = null;
        if (string.IsNullOrWhiteSpace(peername))
        {
            return false;
        }

        var text = peername.AsSpan().Trim();
        if (text[0] == '[')
        {
            int close = text.IndexOf(']');
            if (close > 1)
            {
                ip = Normalise(text[1..close]);
                var rest = text[(close + 1)..];
                if (rest.Length > 1 && rest[0] == ':' && TryParsePort(rest[1..], out int bracketPort))
                {
                    port = bracketPort;
                }

                return true;
            }
        }

        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            ip = Normalise(text);
            return true;
        }

        var host = text[..colon];
        bool portOk = TryParsePort(text[(colon + 1)..], out int parsedPort);
        bool hostIsIp = IsIpAddress(host);

        // "2400:3200:1600::1234" is a complete IPv6 address whose last group looks like a port;
        // "::1:1883" is both an address and "::1" plus port 1883. EMQX always appends a port,
        // so prefer the split whenever the left part is itself an address.
        if (IsIpAddress(text) && !(portOk && hostIsIp))
        {
            ip = Normalise(text);
            return true;
        }

        if (hostIsIp || portOk)
        {
            ip = Normalise(host);
            port = portOk ? parsedPort : null;
            return true;
        }

        ip = Normalise(text);
        return true;
    }

    /// <summary>
    /// Lower-cases and compresses IPv6 text, turns IPv4-mapped IPv6 (<c>::ffff:1.2.3.4</c>) into
    /// plain IPv4 and strips brackets. Text that is not an IP address comes back trimmed and lower-cased.
    /// </summary>
    public static string NormaliseIp(string ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        var text = ip.AsSpan().Trim();
        if (text.Length > 2 && text[0] == '[' && text[^1] == ']')
        {
            text = text[1..^1];
        }

        // Plain dotted IPv4 is by far the common case and is already canonical.
        if (text.Length == ip.Length && IsDottedQuad(text))
        {
            return ip;
        }

        return Normalise(text);
    }

    private static string Normalise(ReadOnlySpan<char> text)
    {
        if (IsDottedQuad(text))
        {
            return text.ToString();
        }

        if (text.Contains(':') && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
        }

        return text.ToString().ToLowerInvariant();
    }

    private static bool IsIpAddress(ReadOnlySpan<char> text)
    {
        if (IsDottedQuad(text))
        {
            return true;
        }

        // IPAddress.TryParse also takes "1" or "0x7f.1" as IPv4; only a text with a colon counts as IPv6 here.
        return text.Contains(':') && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        int parts = 0;
        while (true)
        {
            int dot = text.IndexOf('.');
            var part = dot < 0 ? text : text[..dot];
            if (part.Length is < 1 or > 3 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > 255)
            {
                return false;
            }

            parts++;
            if (dot < 0)
            {
                return parts == 4;
            }

            text = text[(dot + 1)..];
        }
    }

    private static bool TryParsePort(ReadOnlySpan<char> text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && text.Length <= 5 && port <= 65535;
}
