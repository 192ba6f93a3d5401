using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Dashboard.Core.History;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Integration;

/// <summary>
/// The API answers every error as problem+json, naming the parameter of a 400 and never showing an
/// exception; out-of-range values that used to overflow or order a million clients are refused.
/// The real app, with SQLite history; one client's history store is made to throw.
/// </summary>
public sealed class ApiProblemsTests : IAsyncLifetime
{
    private const string Secret = "db.internal.example:5432 at /srv/dashboard/secret.cs";
    private const string WebhookSecret = "api-problems-test";

    private readonly LogCapture _log = new();
    private DashboardApp _app = null!;
    private ApiClient _http = null!;

    public Task InitializeAsync()
    {
        _app = new DashboardApp(new Dictionary<string, string?> { ["Mqtt:Enabled"] = "false", ["Webhook:Secret"] = WebhookSecret })
        {
            TestServices = services =>
            {
                services.AddSingleton<ILoggerProvider>(_log);
                ThrowingStore.WrapRegistration(services);
            },
        };
        _app.StartServer();
        _http = new ApiClient(_app.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/clients/x/events?to=0001-01-01T00:00:00Z", "to")]
    [InlineData("/api/clients/x/events?from=0001-01-01T00:00:00Z", "from")]
    [InlineData("/api/clients/x/events?to=9999-12-31T23:59:59Z", "to")]
    [InlineData("/api/clients/x/events?from=99999999999999999", "from")]
    [InlineData("/api/clients/x/events?from=2025-06-10T00:00:00Z&to=2025-06-09T00:00:00Z", "from")]
    [InlineData("/api/clients/x/events?limit=10001", "limit")]
    [InlineData("/api/events/export?to=0001-01-01T00:00:00Z", "to")]
    [InlineData("/api/reasons?from=0001-01-01T00:00:00Z", "from")]
    [InlineData("/api/reasons?bucket=P99999999999D", "bucket")]
    [InlineData("/api/reasons/normal/clients?limit=10001", "limit")]
    [InlineData("/api/clients?sort=clientId&page=2147483647&pageSize=1000", "page")]
    [InlineData("/api/clients?page=4&pageSize=1", "page")]
    [InlineData("/api/clients?pageSize=1001", "pageSize")]
    [InlineData("/api/clients?page=-1", "page")]
    public async Task Out_of_range_values_are_a_400_problem_naming_the_parameter(string url, string parameter)
    {
        // Two clients online: with one a page, pages 1 to 3 (the last one empty: two clients plus one page) are allowed, page 4 is not.
        await _http.PostEventsAsync("""{"event":"client.connected","clientid":"a","connected_at":1749550000000}""", """{"event":"client.connected","clientid":"b","connected_at":1749550000001}""");

        var (status, type, body) = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        Assert.True(body.GetProperty("errors").TryGetProperty(parameter, out _), $"{url}: {body}");
    }

    [Fact]
    public async Task The_last_page_and_one_page_past_the_end_are_still_answered()
    {
        await _http.PostEventsAsync("""{"event":"client.connected","clientid":"a","connected_at":1749550000000}""", """{"event":"client.connected","clientid":"b","connected_at":1749550000001}""");

        var (lastStatus, _, last) = await _http.GetAsync("/api/clients?sort=clientId&order=asc&page=2&pageSize=1");
        var (pastStatus, _, past) = await _http.GetAsync("/api/clients?page=3&pageSize=1&state=all");

        Assert.Equal(HttpStatusCode.OK, lastStatus);
        Assert.Equal("b", last.GetProperty("items")[0].GetProperty("clientId").GetString());
        Assert.Equal(HttpStatusCode.OK, pastStatus);
        Assert.Equal(0, past.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_exception_in_a_handler_is_a_500_problem_with_a_correlation_id_and_no_exception_text()
    {
        var (status, type, body) = await _http.GetAsync("/api/clients/" + ThrowingStore.ClientId + "/events");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("application/problem+json", type);
        var text = body.ToString();
        Assert.DoesNotContain("db.internal", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret.cs", text, StringComparison.Ordinal);
        var correlationId = body.GetProperty("traceId").GetString();
        Assert.False(string.IsNullOrEmpty(correlationId));
        Assert.Contains(correlationId, body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The log has the exception, next to the same ID.
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(correlationId!, StringComparison.Ordinal) && e.Exception?.Message == Secret);
    }

    [Theory]
    [InlineData("GET", "/api/no-such-thing", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/clients", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/api/ingest/status", HttpStatusCode.MethodNotAllowed)]
    public async Task Unknown_routes_and_methods_are_problems_too_even_when_a_browser_asks_for_html(string method, string url, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Accept.ParseAdd("text/html");

        var (status, type, body) = await _http.SendAsync(request);

        Assert.Equal(expected, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal((int)expected, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Pages_keep_their_html()
    {
        using var response = await _http.Raw.GetAsync("/no-such-page");

        Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Reads answers as (status, media type, JSON).</summary>
    private sealed class ApiClient(HttpClient raw) : IDisposable
    {
        public HttpClient Raw => raw;

        public Task<(HttpStatusCode Status, string? Type, JsonElement Body)> GetAsync(string url) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

        public async Task<(HttpStatusCode Status, string? Type, JsonElement Body)> SendAsync(HttpRequestMessage request)
        {
            using (request)
            {
                using var response = await Raw.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
                return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
            }
        }

        public async Task PostEventsAsync(params string[] lines)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/emqx")
            {
                Content = new StringContent(string.Join("\n", lines), System.Text.Encoding.UTF8, "application/x-ndjson"),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", WebhookSecret);
            using var response = await Raw.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        public void Dispose() => raw.Dispose();
    }

    /// <summary>The real history store, except that one client's events throw an exception full of internals.</summary>
    public class ThrowingStore : DispatchProxy
    {
        public const string ClientId = "explode";

        private IHistoryStore _inner = null!;

        public static void WrapRegistration(IServiceCollection services)
        {
            var original = services.Last(d => d.ServiceType == typeof(IHistoryStore));
            services.Remove(original);
            services.AddSingleton(sp =>
            {
                var proxy = Create<IHistoryStore, ThrowingStore>();
                ((ThrowingStore)(object)proxy)._inner = (IHistoryStore)original.ImplementationFactory!(sp);
                return proxy;
            });
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IHistoryStore.GetClientEventsAsync) && args?[0] is ClientId)
            {
                throw new InvalidOperationException(Secret);
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Entries.Enqueue((logLevel, formatter(state, exception), exception));
        }
    }
}
