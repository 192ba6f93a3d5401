using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Dashboard.Simulator.Cli;

/// <summary>
/// Kicks a client through EMQX's REST API (<c>DELETE /api/v5/clients/{id}</c>, API key and secret as
/// Basic auth), so the console's fleet can produce <c>kicked</c> against a real EMQX.
/// </summary>
internal sealed class EmqxKick(HttpClient http, Uri apiBase, string key, string secret)
{
    private readonly AuthenticationHeaderValue _auth =
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}")));

    public async Task KickAsync(string clientId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(apiBase, $"api/v5/clients/{Uri.EscapeDataString(clientId)}"));
        request.Headers.Authorization = _auth;
        using var response = await http.SendAsync(request, cancellationToken);

        // 404: the client left on its own in the meantime, which the device will report as a kick that did nothing.
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw new HttpRequestException($"EMQX kick of '{clientId}' answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }
}
