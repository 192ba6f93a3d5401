using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dashboard.Api;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>The attacks of issue 11 on ingestion, replayed against the real app and a real mosquitto.</summary>
public sealed class HostileInputTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private DashboardApp _app = null!;
    private EventPublisher _publisher = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(broker);
        await _app.StartAsync();
        _publisher = await EventPublisher.ConnectAsync(broker);
    }

    public async Task DisposeAsync()
    {
        await _publisher.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_year_9999_connect_does_not_pin_the_client_online_nor_make_later_events_stale()
    {
        using var http = _app.CreateClient();
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

        // The forged connect, then the client's real session (stamped a moment before the forgery
        // arrived, the hardest order), then its real normal disconnect.
        await _publisher.PublishAsync("client_connected", Connect(253402300799000, "203.0.113.66:6666"));
        await Eventually.HoldsAsync(() => GetClientAsync(http), c => c is { Online: true }, "fut is online");
        await _publisher.PublishAsync("client_connected", Connect(now - 1_000, "10.0.0.7:40000"));
        await _publisher.PublishAsync("client_disconnected", Disconnect(now + 4_000, now - 1_000, "10.0.0.7:40000"));

        var offline = await Eventually.HoldsAsync(() => GetClientAsync(http), c => c is { Online: false }, "fut is offline");
        Assert.Equal("normal", offline!.LastReason);
        Assert.True(offline.ConnectedAt < DateTime.UtcNow.AddDays(1), $"connected at {offline.ConnectedAt:O}");
        Assert.Equal(1, (await _app.GetIngestStatusAsync()).ClampedTimes);

        // A later real session is applied, not dropped as older than the year 9999.
        await _publisher.PublishAsync("client_connected", Connect(now + 10_000, "10.0.0.7:40001"));
        var online = await Eventually.HoldsAsync(() => GetClientAsync(http), c => c is { Online: true }, "fut is online again");
        Assert.Equal(40001, online!.PeerPort);
        Assert.Equal(0, (await _app.GetIngestStatusAsync()).OutOfOrder);
    }

    [Fact]
    public async Task A_text_plain_post_with_a_script_in_the_reason_is_415_and_stores_nothing()
    {
        // What any web page can send with a no-cors fetch: no preflight, no Authorization header.
        using var http = _app.CreateClient();
        const string body = """{"event":"client.disconnected","clientid":"victim","reason":"<img src=x onerror=\"alert(document.domain)\">","disconnected_at":1749555012345}""";

        var response = await http.PostAsync(WebhookApi.Path, new StringContent(body, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await _app.GetIngestStatusAsync()).Received);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/clients/victim")).StatusCode);
    }

    private static string Connect(long connectedAt, string peer) =>
        $$"""{"event":"client.connected","clientid":"fut","username":"u","peername":"{{peer}}","connected_at":{{connectedAt}}}""";

    private static string Disconnect(long disconnectedAt, long connectedAt, string peer) =>
        $$"""{"event":"client.disconnected","clientid":"fut","username":"u","reason":"normal","peername":"{{peer}}","connected_at":{{connectedAt}},"disconnected_at":{{disconnectedAt}}}""";

    private static async Task<ClientDto?> GetClientAsync(HttpClient http)
    {
        var response = await http.GetAsync("/api/clients/fut");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<ClientDto>(DashboardApp.Json);
    }
}
