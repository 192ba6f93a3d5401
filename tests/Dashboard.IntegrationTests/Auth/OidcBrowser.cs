using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Integration.Auth;

/// <summary>
/// Signs in through the real provider the way a browser would: follows each redirect by hand and
/// fills in the provider's login and consent forms. One cookie jar for the app and the provider.
/// </summary>
internal sealed partial class OidcBrowser : IDisposable
{
    private const int MaxSteps = 20;
    private readonly Uri _app;

    public OidcBrowser(Uri app)
    {
        _app = app;
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = app };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    /// <summary>Every address visited by the last <see cref="OpenAsync"/>, in order.</summary>
    public List<Uri> Visited { get; } = [];

    /// <summary>
    /// Opens <paramref name="path"/> on the app and, when sent to the provider, signs in there as
    /// <paramref name="user"/>; returns the last answer that was neither a redirect nor a provider form.
    /// </summary>
    public async Task<HttpResponseMessage> OpenAsync(string path, string user)
    {
        Visited.Clear();
        using var first = new HttpRequestMessage(HttpMethod.Get, new Uri(_app, path));
        var response = await SendAsync(first);
        for (var step = 0; step < MaxSteps; step++)
        {
            var at = response.RequestMessage!.RequestUri!;
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found or HttpStatusCode.RedirectKeepVerb)
            {
                var next = new Uri(at, response.Headers.Location!);
                response.Dispose();
                using var follow = new HttpRequestMessage(HttpMethod.Get, next);
                response = await SendAsync(follow);
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            if (at.Port == _app.Port || FormAction().Match(html) is not { Success: true } form)
            {
                return response;
            }

            // The provider's login form (prompt=login, any password) or its consent form (prompt=consent).
            var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            if (html.Contains("name=\"login\"", StringComparison.Ordinal))
            {
                fields["login"] = user;
                fields["password"] = "any password";
            }

            response.Dispose();
            using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(at, WebUtility.HtmlDecode(form.Groups["action"].Value)))
            {
                Content = new FormUrlEncodedContent(fields),
            };
            response = await SendAsync(post);
        }

        throw new InvalidOperationException($"Still redirecting after {MaxSteps} steps: {string.Join(" -> ", Visited)}");
    }

    public void Dispose() => Http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        Visited.Add(request.RequestUri!);
        var response = await Http.SendAsync(request);
        response.RequestMessage ??= request;
        return response;
    }

    [GeneratedRegex("<form[^>]*action=\"(?<action>[^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
