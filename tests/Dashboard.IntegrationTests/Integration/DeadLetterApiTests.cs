using System.Net;
using System.Net.Http.Json;
using Dashboard.Api;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.History;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>
/// The running app with its SQLite history rejecting one client's rows (a real constraint): the
/// rest is stored and acknowledged, the rejected event is counted and listed, ingestion goes on.
/// Events go straight into the app's ingestion channel, as a source puts them after parsing.
/// </summary>
public sealed class DeadLetterApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 10, 10, 0, 0, TimeSpan.Zero);
    private DashboardApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(new Dictionary<string, string?> { ["Mqtt:Enabled"] = "false" });
        _app.StartServer();
        _http = _app.CreateClient();
        var store = (SqliteHistoryStore)_app.Services.GetRequiredService<IHistoryStore>();
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync();
        await using var trigger = connection.CreateCommand();
        trigger.CommandText = """
            CREATE TRIGGER test_rejects BEFORE INSERT ON connection_events
            WHEN NEW.client_id LIKE 'poison%' BEGIN SELECT RAISE(ABORT, 'rejected by the test'); END
            """;
        await trigger.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_rejected_event_is_dead_lettered_counted_and_listed_and_the_rest_is_stored()
    {
        var poison = Event("poison\0<b>x</b>", 2) with { RawJson = "{\"clientid\":\"poison\\u0000<b>x</b>\"}" };
        var acknowledged = await IngestAsync(Event("a", 1), poison, Event("b", 3));
        var later = await IngestAsync(Event("later", 4));

        Assert.Equal((3, 1), (acknowledged, later));
        var status = await _app.GetIngestStatusAsync();
        Assert.Equal((3L, 1L, 0L, false), (status.History.Stored, status.History.DeadLettered, status.History.Lost, status.History.Failing));

        var letters = await _http.GetFromJsonAsync<DeadLettersDto>("/api/ingest/dead-letters?limit=5", DashboardApp.Json);
        Assert.Equal(1, letters!.Count);
        var letter = Assert.Single(letters.Recent);
        Assert.Equal(("poison\0<b>x</b>", "SQLITE_CONSTRAINT", poison.RawJson), (letter.ClientId, letter.ErrorCode, letter.Payload));
        Assert.Contains("rejected by the test", letter.Error);

        var events = await _http.GetFromJsonAsync<EventDto[]>("/api/clients/later/events?from=2025-06-10T00:00:00Z&to=2025-06-11T00:00:00Z", DashboardApp.Json);
        Assert.Single(events!);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("many")]
    public async Task A_bad_limit_is_a_400_problem_naming_it(string limit)
    {
        var response = await _http.GetAsync($"/api/ingest/dead-letters?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_dead_letters_is_an_empty_list()
    {
        var letters = await _http.GetFromJsonAsync<DeadLettersDto>("/api/ingest/dead-letters", DashboardApp.Json);

        Assert.Equal(0, letters!.Count);
        Assert.Empty(letters.Recent);
    }

    private static ConnectionEvent Event(string clientId, int minute) => new()
    {
        ClientId = clientId,
        Kind = ConnectionEventKind.Connected,
        EventTime = T0.AddMinutes(minute),
        ConnectedAt = T0.AddMinutes(minute),
        ReceivedAt = T0.AddMinutes(minute),
        Source = EventSourceKind.Webhook,
        PeerIp = "10.0.0.1",
        PeerPort = 40000,
    };

    /// <summary>Writes the events to the app's channel and waits until each is acknowledged; returns how many were.</summary>
    private async Task<int> IngestAsync(params ConnectionEvent[] events)
    {
        var channel = _app.Services.GetRequiredService<IngestChannel>();
        var acknowledged = events.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        for (var i = 0; i < events.Length; i++)
        {
            var done = acknowledged[i];
            await channel.Writer.WriteAsync(new IngestItem(events[i], _ =>
            {
                done.TrySetResult();
                return Task.CompletedTask;
            }));
        }

        await Task.WhenAll(acknowledged.Select(a => a.Task)).WaitAsync(TimeSpan.FromSeconds(30));
        return acknowledged.Count(a => a.Task.IsCompletedSuccessfully);
    }
}
