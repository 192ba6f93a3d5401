using System.Net;

namespace Dashboard.Core.Groups;

/// <summary>
/// Reads a peer address as the group rules do, in memory and in the history databases alike: a plain dotted
/// quad (no leading zeros, no short forms such as <c>10.1</c>, which .NET and PostgreSQL read differently) or
/// IPv6 in hex digits, colons and dots (no zone, no brackets). Anything else is no address and falls in no network.
/// </summary>
public static class PeerAddress
{
    private const int MaxLength = 45;

    public static IPAddress? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return null;
        }

        var plausible = text.Contains(':', StringComparison.Ordinal)
            ? text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
            : IsDottedQuad(text);
        return plausible && IPAddress.TryParse(text, out var address) ? address : null;
    }

    /// <summary>True when the text is an address inside the network; an IPv4-mapped IPv6 address counts as its IPv4 address.</summary>
    public static bool IsIn(IPNetwork network, string? text) =>
        TryParse(text) is { } address &&
        (network.Contains(address) || (address.IsIPv4MappedToIPv6 && network.Contains(address.MapToIPv4())));

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') &&
            int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }
}
