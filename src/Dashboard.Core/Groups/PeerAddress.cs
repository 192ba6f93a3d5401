using System.Buffers.Binary;
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
    public static bool IsIn(IPNetwork network, string? text)
    {
        // The common case, an IPv4 peer, is judged on its 32 bits: no allocation per client when a million are matched.
        if (text is not null && TryReadDottedQuad(text, out var v4))
        {
            return ContainsV4(network, v4);
        }

        return TryParse(text) is { } address &&
            (network.Contains(address) || (address.IsIPv4MappedToIPv6 && network.Contains(address.MapToIPv4())));
    }

    private static bool ContainsV4(IPNetwork network, uint address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (network.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork ||
            !network.BaseAddress.TryWriteBytes(bytes, out _))
        {
            return false; // an IPv4 address is in no IPv6 network, as IPNetwork.Contains says
        }

        var mask = network.PrefixLength == 0 ? 0u : uint.MaxValue << (32 - network.PrefixLength);
        return (address & mask) == (BinaryPrimitives.ReadUInt32BigEndian(bytes) & mask);
    }

    private static bool IsDottedQuad(string text) => TryReadDottedQuad(text, out _);

    /// <summary>Four parts of one to three digits, no leading zero, each at most 255; the address as a number.</summary>
    private static bool TryReadDottedQuad(string text, out uint address)
    {
        address = 0;
        var parts = 0;
        var part = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || ++parts > 3)
                {
                    return false;
                }

                address = (address << 8) | (uint)part;
                part = 0;
                digits = 0;
            }
            else if (char.IsAsciiDigit(c) && digits < 3 && !(digits == 1 && part == 0))
            {
                part = (part * 10) + (c - '0');
                digits++;
                if (part > 255)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        address = (address << 8) | (uint)part;
        return parts == 3 && digits > 0;
    }
}
