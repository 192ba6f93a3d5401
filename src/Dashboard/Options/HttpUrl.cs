namespace Dashboard.Options;

/// <summary>What the settings and forms that take a URL accept: absolute http or https, and, for a base address, nothing after the path.</summary>
internal static class HttpUrl
{
    /// <summary>An absolute http or https URL with a host.</summary>
    public static bool IsHttp(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(url.Host);

    /// <summary>
    /// A base address: no user name or password (they would be sent, and logged, with every URL), no
    /// query and no fragment.
    /// </summary>
    public static bool IsBareBase(Uri url) =>
        string.IsNullOrEmpty(url.UserInfo) && string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment);
}
