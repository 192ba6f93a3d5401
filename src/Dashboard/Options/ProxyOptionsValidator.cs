using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Dashboard.Options;

/// <summary>
/// Each <c>Proxy:KnownProxies</c> item must be one IP address and each <c>Proxy:KnownNetworks</c>
/// item one CIDR network. A proxy in front means people reach the app from elsewhere, so
/// <c>Auth:Mode=none</c> (one person on loopback) is refused with it.
/// </summary>
internal sealed class ProxyOptionsValidator(IOptions<AuthOptions> auth) : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions o)
    {
        var errors = new ValidationErrors(ProxyOptions.Section);
        var proxies = o.KnownProxies ?? [];
        for (var i = 0; i < proxies.Length; i++)
        {
            errors.Require(TryParseAddress(proxies[i], out _), $"KnownProxies:{i}", "must be an IP address such as 10.0.0.5 or ::1", proxies[i]);
        }

        var networks = o.KnownNetworks ?? [];
        for (var i = 0; i < networks.Length; i++)
        {
            errors.Require(
                TryParseNetwork(networks[i], out _),
                $"KnownNetworks:{i}",
                "must be a network in CIDR notation with the host bits zero, such as 10.0.0.0/8 or fd00::/8",
                networks[i]);
        }

        errors.Require(
            !o.Enabled || !auth.Value.IsNone,
            "KnownProxies",
            "is set, so people reach the app through a proxy, but Auth:Mode is none (meant for one person on loopback): sign in with a token or OIDC",
            string.Join(" ", [.. proxies, .. networks]));
        return errors.Result;
    }

    /// <summary>
    /// A whole IPv4 or IPv6 address. IPAddress.TryParse alone also takes the old short forms, where
    /// "10" is 0.0.0.10 and "10.1" is 10.0.0.1: surely a typing error in a list of proxies.
    /// </summary>
    internal static bool TryParseAddress(string? value, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrWhiteSpace(value) || !IPAddress.TryParse(value.Trim(), out var parsed))
        {
            return false;
        }

        address = parsed;
        return parsed.AddressFamily == AddressFamily.InterNetworkV6 || value.Count(c => c == '.') == 3;
    }

    /// <summary>A network such as 10.0.0.0/8 whose address has no bits set beyond the prefix (10.0.0.1/8 is a typing error, or a host).</summary>
    internal static bool TryParseNetwork(string? value, out IPNetwork network)
    {
        network = default;
        var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0 || !TryParseAddress(value![..slash], out var address) || !IPNetwork.TryParse(value.Trim(), out network))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        for (var bit = network.PrefixLength; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
