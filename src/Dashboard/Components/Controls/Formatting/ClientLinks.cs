using System.Globalization;

namespace Dashboard.Components.Controls.Formatting;

/// <summary>
/// Links to a client's drill-down and its exports. Client IDs are arbitrary strings ('/', '%',
/// spaces, any Unicode), so every ID in a URL is escaped whole: '/' becomes %2F and stays one
/// path segment. Relative to the base href, like every link in the app.
/// </summary>
public static class ClientLinks
{
    /// <summary>The path prefix of the drill-down, <c>/clients/{*ClientId}</c>.</summary>
    public const string DetailPrefix = "clients/";

    public static string Detail(string clientId) => DetailPrefix + Uri.EscapeDataString(clientId);

    /// <summary>The Clients page searching for <paramref name="text"/> among online and offline clients.</summary>
    public static string Search(string text) => "clients?q=" + Uri.EscapeDataString(text) + "&state=all";

    /// <summary>The history export endpoint for one client over a range; format is csv or json.</summary>
    public static string Export(string clientId, DateTimeOffset from, DateTimeOffset to, string format) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"api/events/export?clientId={Uri.EscapeDataString(clientId)}&from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}&format={format}");

    /// <summary>
    /// The client ID in a drill-down URL, read from the URL as the browser has it rather than from
    /// the router's parameter: the router unescapes the path and then the parameter again, so an ID
    /// with a literal escape in it ("x%2F", escaped "x%252F") would arrive as "x/".
    /// Null when <paramref name="uri"/> is not a drill-down URL under <paramref name="baseUri"/>.
    /// </summary>
    public static string? ClientIdFromUri(string uri, string baseUri) =>
        uri.StartsWith(baseUri, StringComparison.Ordinal) ? ClientIdFromRelativePath(uri[baseUri.Length..]) : null;

    /// <summary>
    /// The same from a request's raw target (<c>/clients/x%252F?…</c>, still escaped), for the
    /// server-side prerender: there the navigation URI is rebuilt from the decoded request path.
    /// </summary>
    public static string? ClientIdFromRawTarget(string rawTarget, string pathBase) =>
        rawTarget.StartsWith(pathBase + "/", StringComparison.Ordinal) ? ClientIdFromRelativePath(rawTarget[(pathBase.Length + 1)..]) : null;

    private static string? ClientIdFromRelativePath(string path)
    {
        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            path = path[..end];
        }

        if (!path.StartsWith(DetailPrefix, StringComparison.Ordinal) || path.Length == DetailPrefix.Length)
        {
            return null;
        }

        return Uri.UnescapeDataString(path[DetailPrefix.Length..]);
    }

    private static string Iso(DateTimeOffset at) => DisplayFormat.UtcIso(at);
}
