using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dashboard.Api;
using Dashboard.Core.Ingestion;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration.Fuzz;

/// <summary>
/// 10,000 hostile and well-formed payloads into the real app: half published to a real mosquitto
/// (read by the MQTT source), half posted to the webhook, with SQLite history. Nothing may crash the
/// app, every payload must be counted exactly once, and every well-formed event stored exactly once.
/// </summary>
public sealed class FuzzIngestTests(MosquittoBroker broker, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<MosquittoBroker>
{
    private const int Seed = 20261128;
    private const int Count = 10_000;

    [Fact]
    public async Task Every_payload_is_counted_once_and_every_well_formed_event_is_stored_once()
    {
        var watch = Stopwatch.StartNew();
        await using var app = new DashboardApp(broker);
        await app.StartAsync();
        await using var publisher = await EventPublisher.ConnectAsync(broker);
        var now = TimeProvider.System.GetUtcNow();
        var payloads = FuzzPayloads.Create(Count, Seed, Path.Combine(AppContext.BaseDirectory, "Fixtures", "emqx"), now);
        var viaMqtt = payloads.Where((_, i) => i % 2 == 0).ToArray();
        var viaWebhook = payloads.Where((_, i) => i % 2 == 1).ToArray();

        // Several publishes in flight at once: one at a time waits a round trip each.
        var publishing = Parallel.ForEachAsync(
            viaMqtt,
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (payload, _) => await publisher.PublishAsync("client_connected", payload.Bytes));
        long webhookValues = 0;
        using var http = app.CreateWebhookClient();
        await Parallel.ForEachAsync(viaWebhook, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (payload, ct) =>
        {
            using var content = new ByteArrayContent(payload.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(WebhookApi.Path, content, ct);

            // 200 when the body held an event, 400 when none of it was one; never a 5xx.
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{payload}: {response.StatusCode}");
            Interlocked.Add(ref webhookValues, ValuesCounted(payload.Bytes));
        });
        await publishing;

        long sent = viaMqtt.Length + webhookValues;
        var status = await Eventually.HoldsAsync(
            app.GetIngestStatusAsync,
            s => s.Received == sent && s.Accepted + s.Duplicates + s.ParseFailures + s.Access.Total == s.Received && s.Backlog == 0,
            $"all {sent} payloads are received and accounted for",
            TimeSpan.FromSeconds(45));

        Assert.Equal(sent, status.Received);
        // The access fixtures (connack, authentication, authorization) are fuzz bases too: counted apart.
        Assert.Equal(status.Received, status.Accepted + status.Duplicates + status.ParseFailures + status.Access.Total);
        Assert.True(status.ParseFailures >= payloads.Count(p => p.MustFail), $"{status.ParseFailures} parse failures");
        Assert.True(status.ClampedTimes >= payloads.Count(p => p.Kind == "future-time"), $"{status.ClampedTimes} clamped times");
        Assert.True(status.Duplicates >= payloads.Count(p => p.Kind == "repeat"), $"{status.Duplicates} duplicates");

        // Still up: a request answers.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/clients?state=all")).StatusCode);

        // Every well-formed event is in history, once.
        var expected = payloads.Select(p => p.WellFormedClientId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var stored = await Eventually.HoldsAsync(
            () => ExportAsync(http, now),
            rows => rows.Count(r => FuzzPayloads.IsWellFormedClientId(r.ClientId)) >= expected.Count,
            $"the {expected.Count} well-formed events are stored",
            TimeSpan.FromSeconds(30));
        var storedCounts = stored
            .Where(r => FuzzPayloads.IsWellFormedClientId(r.ClientId))
            .GroupBy(r => r.ClientId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Empty(expected.Except(storedCounts.Keys, StringComparer.Ordinal));
        Assert.Empty(storedCounts.Keys.Except(expected, StringComparer.Ordinal));
        Assert.DoesNotContain(storedCounts, c => c.Value != 1);
        output.WriteLine($"{sent} payloads ({status.Accepted} accepted, {status.Duplicates} duplicates, {status.ParseFailures} parse failures, {status.ClampedTimes} clamped) in {watch.Elapsed}");
    }

    /// <summary>
    /// How many payloads the webhook counts for a body: each JSON value in it (an object, each element
    /// of an array, each NDJSON line), or one for a body that is not JSON at all.
    /// </summary>
    private static int ValuesCounted(byte[] body)
    {
        var (values, error) = JsonBatchSplitter.Split(body);
        return error is null ? values.Count : 1;
    }

    private static async Task<EventDto[]> ExportAsync(HttpClient http, DateTimeOffset now)
    {
        var from = now.AddDays(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var to = now.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return (await http.GetFromJsonAsync<EventDto[]>($"/api/events/export?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}", DashboardApp.Json))!;
    }
}
