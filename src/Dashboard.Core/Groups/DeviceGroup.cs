using System.Net;

namespace Dashboard.Core.Groups;

/// <summary>
/// A named set of devices, e.g. a plant or a product line. Each criterion that is set must hold (a client ID
/// pattern and a network together mean "these IDs, from there"); at least one is set. A client belongs to the
/// first group, in order, whose criteria all hold.
/// </summary>
public sealed class DeviceGroup
{
    public const int MaxNameLength = 64;

    private DeviceGroup(string name, GlobPattern? clientId, GlobPattern? username, IPNetwork? network, string? cidr)
    {
        Name = name;
        ClientIdPattern = clientId;
        UsernamePattern = username;
        Network = network;
        Cidr = cidr;
    }

    public string Name { get; }

    public GlobPattern? ClientIdPattern { get; }

    public GlobPattern? UsernamePattern { get; }

    public IPNetwork? Network { get; }

    /// <summary>The network as it was written (normalised by <see cref="IPNetwork"/>), for pages and storage.</summary>
    public string? Cidr { get; }

    /// <summary>
    /// Builds a group, or says what is wrong with which part (config names the key, the API the field). Names are
    /// letters, digits, '-', '_' and '.', so they are safe in URLs (<c>?group=plant-3</c>) and lists (<c>?groups=a,b</c>).
    /// </summary>
    public static DeviceGroup? TryCreate(string? name, string? clientIdPattern, string? usernamePattern, string? cidr, out GroupError? error)
    {
        if (!IsValidName(name))
        {
            error = new GroupError("Name", $"must be 1 to {MaxNameLength} letters, digits, '-', '_' or '.'");
            return null;
        }

        GlobPattern? clientId = null, username = null;
        IPNetwork? network = null;
        if (clientIdPattern is not null && (clientId = GlobPattern.TryParse(clientIdPattern, out var why)) is null)
        {
            error = new GroupError("ClientIdPattern", why!);
            return null;
        }

        if (usernamePattern is not null && (username = GlobPattern.TryParse(usernamePattern, out var whyUsername)) is null)
        {
            error = new GroupError("UsernamePattern", whyUsername!);
            return null;
        }

        if (cidr is not null)
        {
            if (!IPNetwork.TryParse(cidr.Trim(), out var parsed))
            {
                error = new GroupError("Cidr", "is not a network such as 10.3.0.0/16 or 2001:db8::/48");
                return null;
            }

            network = parsed;
        }

        if (clientId is null && username is null && network is null)
        {
            error = new GroupError("ClientIdPattern", "one of ClientIdPattern, UsernamePattern or Cidr must be set");
            return null;
        }

        error = null;
        return new DeviceGroup(name!, clientId, username, network, network?.ToString());
    }

    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>True when every criterion that is set holds. An address <see cref="PeerAddress"/> does not read matches no network.</summary>
    public bool Matches(string clientId, string? username, string? ip)
    {
        if (ClientIdPattern is not null && !ClientIdPattern.IsMatch(clientId))
        {
            return false;
        }

        if (UsernamePattern is not null && !UsernamePattern.IsMatch(username))
        {
            return false;
        }

        // IPv4 clients reported as IPv4-mapped IPv6 (::ffff:10.0.0.1) still fall in an IPv4 network.
        return Network is not { } network || PeerAddress.IsIn(network, ip);
    }
}

/// <summary>Which part of a group definition is wrong (<c>Name</c>, <c>ClientIdPattern</c>, <c>UsernamePattern</c>, <c>Cidr</c>) and why.</summary>
public sealed record GroupError(string Field, string Message);
