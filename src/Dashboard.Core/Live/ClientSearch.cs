namespace Dashboard.Core.Live;

/// <summary>
/// The client list's search box (<see cref="ClientQuery.Search"/>): a client ID or username containing
/// the text, ignoring case, or a peer IP starting with it; only the client ID when <c>clientIdOnly</c>.
/// One rule for the live list and for the clients online at a past moment.
/// </summary>
internal static class ClientSearch
{
    /// <param name="search">Trimmed and not empty.</param>
    public static bool Matches(string search, bool clientIdOnly, string clientId, string? username, string? peerIp) =>
        clientId.Contains(search, StringComparison.OrdinalIgnoreCase)
        || (!clientIdOnly && ((username?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
            || (peerIp?.StartsWith(search, StringComparison.OrdinalIgnoreCase) ?? false)));
}
