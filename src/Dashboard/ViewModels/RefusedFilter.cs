using Dashboard.Core.Events;
using Dashboard.Core.Groups;
using Dashboard.Core.History;

namespace Dashboard.ViewModels;

/// <summary>
/// What narrows the recent attempts on /refused: a reason code, a client ID, an address or a /24 (/48)
/// network, a username, the kind of attempt; each exact, each optional. Set from the page's inputs, from a click on an
/// offender or a reason code; the page keeps it in its URL (<see cref="RefusedUrl"/>).
/// </summary>
public sealed record RefusedFilter
{
    /// <summary>The longest value taken: no stored value is longer (Ingest:MaxFieldLength's default), as in GET /api/refused.</summary>
    public const int MaxLength = 1024;

    public static readonly RefusedFilter None = new();

    /// <summary>What an address that is not one gets told.</summary>
    public const string IpProblem = "The IP filter must be an address, a /24 IPv4 network (192.0.2.0/24) or a /48 IPv6 network (2001:db8:1::/48).";

    public string? ReasonCode { get; init; }

    public string? ClientId { get; init; }

    /// <summary>An address or a network, read by <see cref="PeerFilter.TryParse"/>.</summary>
    public PeerFilter? Peer { get; init; }

    /// <summary>The store cannot filter on it: the view filters the rows it read (see <see cref="RefusedView.AttemptsRead"/>).</summary>
    public string? Username { get; init; }

    /// <summary>Refused connacks or failed authentications only; like the username, filtered by the view.</summary>
    public AccessEventKind? Kind { get; init; }

    /// <summary>Only attempts of one device group's clients (the store judges them by client ID, username and address, first match).</summary>
    public GroupFilter? Group { get; init; }

    public bool IsEmpty => this == None;

    /// <summary>
    /// The filter from typed (or linked) values; blank ones are left out. A value too long, or an
    /// address that is not one, gives null and a message naming it.
    /// </summary>
    public static RefusedFilter? Read(string? reasonCode, string? clientId, string? ip, out string? problem)
    {
        problem = null;
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("reason code", reasonCode), ("client ID", clientId), ("IP", ip)])
        {
            if (value?.Length > MaxLength)
            {
                problem = $"The {name} filter is longer than {MaxLength} characters: no stored value is.";
                return null;
            }
        }

        PeerFilter? peer = null;
        if (!string.IsNullOrWhiteSpace(ip) && !PeerFilter.TryParse(ip, out peer))
        {
            problem = IpProblem;
            return null;
        }

        return new RefusedFilter { ReasonCode = Blank(reasonCode), ClientId = Blank(clientId), Peer = peer };
    }

    /// <summary>The filter for one offender row: its client ID, username, address or network.</summary>
    public static RefusedFilter ForOffender(OffenderKey by, string key) => by switch
    {
        OffenderKey.ClientId => new() { ClientId = key },
        OffenderKey.Username => new() { Username = key },
        _ => PeerFilter.TryParse(key, out var peer) ? new() { Peer = peer } : None,
    };

    /// <summary>What the filter says, for the chips above the list: ("client ID", "x"), …</summary>
    public IEnumerable<(string Name, string Value)> Parts()
    {
        if (ReasonCode is not null)
        {
            yield return ("reason code", ReasonCode);
        }

        if (ClientId is not null)
        {
            yield return ("client ID", ClientId);
        }

        if (Peer is not null)
        {
            yield return (Peer.IsNetwork ? "network" : "IP", Peer.Value);
        }

        if (Username is not null)
        {
            yield return ("username", Username);
        }

        if (Kind is { } kind)
        {
            yield return ("kind", RefusedUrl.KindText(kind));
        }

        if (Group is not null)
        {
            yield return ("group", Group.Name);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
