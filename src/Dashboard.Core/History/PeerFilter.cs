using System.Net;
using System.Net.Sockets;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Events;

namespace Dashboard.Core.History;

/// <summary>
/// One client address (normalised like <see cref="AccessEvent.PeerIp"/>), or one network as
/// <see cref="NetworkPrefix"/> writes it (<c>192.0.2.0/24</c>, <c>2001:db8:1::/48</c>): the networks
/// the store keeps per row, so a filter on one reads an index.
/// </summary>
public sealed record PeerFilter(string Value, bool IsNetwork)
{
    /// <summary>
    /// Reads an address (<c>192.0.2.7</c>, <c>2001:DB8::1</c>, <c>::ffff:192.0.2.7</c>) or a network
    /// (<c>192.0.2.0/24</c>, or any address in it with /24; <c>2001:db8:1::/48</c>). Other prefix
    /// lengths, and text that is not an address, give false.
    /// </summary>
    public static bool TryParse(string? text, out PeerFilter filter)
    {
        filter = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? text.Trim() : text[..slash].Trim();

        // IPAddress.TryParse also takes "1" or "0x7f.1" as IPv4: only a dotted quad or a text with a colon is an address here.
        var looksLikeAddress = address.Contains(':', StringComparison.Ordinal) || address.Split('.').Length == 4;
        if (!looksLikeAddress || !IPAddress.TryParse(address, out var parsed) || parsed.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        var normalised = PeerAddress.NormaliseIp(address);
        if (slash < 0)
        {
            filter = new PeerFilter(normalised, false);
            return true;
        }

        // The prefix the store keeps for this family; an IPv4-mapped address was made IPv4 above.
        var kept = normalised.Contains(':', StringComparison.Ordinal) ? "48" : "24";
        if (!string.Equals(text[(slash + 1)..].Trim(), kept, StringComparison.Ordinal) || NetworkPrefix.Of(normalised) is not { } network)
        {
            return false;
        }

        filter = new PeerFilter(network, true);
        return true;
    }
}
