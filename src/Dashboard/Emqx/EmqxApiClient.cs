using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Dashboard.Core.Emqx;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Emqx;

/// <summary>
/// EMQX's REST API v5 (FACTS §4), the calls the dashboard makes about clients: list the connected
/// ones page by page, read one, kick one or many, and describe the nodes. Authentication is the API
/// key as HTTP Basic, set on the named client <see cref="HttpClientName"/> (which also serves the rule
/// setup). Failures become <see cref="EmqxApiException"/> with EMQX's own code and message.
/// </summary>
public sealed class EmqxApiClient(IHttpClientFactory http, IOptions<EmqxOptions> options, IOptions<IngestOptions> ingest)
{
    /// <summary>The named <see cref="HttpClient"/>: base address <c>{ApiUrl}/api/v5/</c>, Basic auth, no redirects.</summary>
    public const string HttpClientName = "emqx";

    /// <summary>The longest error message of EMQX's that is passed on (to a page or a 502).</summary>
    private const int MaxMessageLength = 300;

    /// <summary>Only the fields the session model uses: a tenth of the bytes of a full client object.</summary>
    private const string ListFields = "clientid,username,ip_address,port,node,connected,connected_at,keepalive,clean_start,expiry_interval,proto_ver,proto_name";

    private readonly BrokerClientJson _json = new(ingest.Value.MaxFieldLength);

    /// <summary>Set once <c>clients_v2</c> answered 404 (EMQX before 5.7): later listings go straight to the paged one.</summary>
    private volatile bool _noCursorListing;

    public bool IsOn => options.Value.IsOn;

    /// <summary>
    /// The connected clients, one page at a time, so a caller holds at most one page: the cursor
    /// listing <c>clients_v2</c> when EMQX has it (5.7 and later), else <c>clients?conn_state=connected</c>
    /// page by page. Rows with <c>connected:false</c> are left out.
    /// </summary>
    public async IAsyncEnumerable<BrokerClientPage> ListConnectedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limit = options.Value.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!_noCursorListing)
        {
            string? cursor = null;
            var first = true;
            while (first || cursor is not null)
            {
                var uri = $"clients_v2?conn_state=connected&limit={limit}&fields={ListFields}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
                var page = await GetPageAsync(uri, allowNotFound: first, cancellationToken);
                if (page is null)
                {
                    _noCursorListing = true;
                    break;
                }

                first = false;
                cursor = page.NextCursor;
                yield return OnlyConnected(page);
            }

            if (!_noCursorListing)
            {
                yield break;
            }
        }

        for (var number = 1; ; number++)
        {
            var page = await GetPageAsync($"clients?conn_state=connected&page={number}&limit={limit}&fields={ListFields}", allowNotFound: false, cancellationToken);
            yield return OnlyConnected(page!);
            if (!page!.HasNext || page.Clients.Count + page.Skipped == 0)
            {
                yield break;
            }
        }
    }

    /// <summary>One client with its queue figures, or null when EMQX does not know it (404).</summary>
    public async Task<BrokerClient?> GetClientAsync(string clientId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "clients/" + Uri.EscapeDataString(clientId), null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Parse(() => _json.ParseClient(body));
    }

    /// <summary>Kicks one client: true when EMQX kicked it (204), false when it does not know it (404).</summary>
    public async Task<bool> KickAsync(string clientId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, "clients/" + Uri.EscapeDataString(clientId), null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    /// <summary>Kicks several clients in one call (<c>POST clients/kickout/bulk</c>, a JSON array of IDs).</summary>
    public async Task KickManyAsync(IReadOnlyList<string> clientIds, CancellationToken cancellationToken)
    {
        using var content = new StringContent(JsonSerializer.Serialize(clientIds), Encoding.UTF8, "application/json");
        using var response = await SendAsync(HttpMethod.Post, "clients/kickout/bulk", content, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>The nodes and their version (<c>GET nodes</c>).</summary>
    public async Task<BrokerInfo> GetBrokerInfoAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "nodes", null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Parse(() =>
        {
            using var document = JsonDocument.Parse(body);
            var nodes = new List<BrokerNode>();
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var node in document.RootElement.EnumerateArray().Take(1000))
                {
                    if (Text(node, "node") is { } name)
                    {
                        nodes.Add(new BrokerNode(name, Text(node, "version"), Text(node, "node_status")));
                    }
                }
            }

            return new BrokerInfo(nodes.Select(n => n.Version).FirstOrDefault(v => v is not null), nodes);
        });
    }

    /// <summary>
    /// Sends one request to <c>{ApiUrl}/api/v5/{relativeUri}</c>. A failure to reach EMQX or a time-out
    /// becomes <see cref="EmqxApiException"/> with no status; the caller checks the status itself.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativeUri, HttpContent? content, CancellationToken cancellationToken)
    {
        if (!IsOn)
        {
            throw new EmqxApiException(EmqxOptions.HowToTurnOn);
        }

        using var request = new HttpRequestMessage(method, relativeUri) { Content = content };
        var client = http.CreateClient(HttpClientName);
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new EmqxApiException($"EMQX's REST API at {options.Value.ApiUrl} could not be reached: {ex.HttpRequestError}.", null, null, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmqxApiException($"EMQX's REST API at {options.Value.ApiUrl} did not answer within {options.Value.RequestTimeout}.", null, null, ex);
        }
    }

    /// <summary>Throws <see cref="EmqxApiException"/> with EMQX's code and message unless the status is a success.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        string? code = null;
        string? message = null;
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (body.Length is > 0 and <= 64 * 1024)
            {
                using var document = JsonDocument.Parse(body);
                code = Text(document.RootElement, "code");
                message = Text(document.RootElement, "message");
            }
        }
        catch (JsonException)
        {
            // Not EMQX's error shape (a proxy's HTML page, say): the status alone is reported.
        }

        throw new EmqxApiException(
            $"EMQX answered {status}{(code is null ? "" : " " + code)}{(message is null ? "" : ": " + message)}",
            status,
            code);
    }

    private async Task<BrokerClientPage?> GetPageAsync(string uri, bool allowNotFound, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, uri, null, cancellationToken);
        if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Parse(() => _json.ParsePage(body));
    }

    private static BrokerClientPage OnlyConnected(BrokerClientPage page) =>
        page.Clients.All(c => c.Connected) ? page : page with { Clients = page.Clients.Where(c => c.Connected).ToList() };

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new EmqxApiException("EMQX's answer was not the JSON expected: " + ex.Message, null, null, ex);
        }
    }

    /// <summary>A string property, cut to a length that is safe to show.</summary>
    private static string? Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } text
            ? (text.Length > MaxMessageLength ? text[..MaxMessageLength] + "…" : text)
            : null;
}
