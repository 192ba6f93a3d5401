using Dashboard.Tests.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using Dashboard.Api;
using Dashboard.Core.History;
using Dashboard.Ingestion;
using Dashboard.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>
/// The webhook during a clean stop: once the input is closed it answers 503 with <c>Retry-After</c>
/// and takes nothing, while a request whose events were already taken still gets its 200 once they
/// are stored. The store is held shut (<see cref="HeldStore"/>) so that such a request exists.
/// </summary>
public sealed class WebhookStopTests : IAsyncLifetime
{
    private DashboardApp _app = null!;
    private HeldStore _store = null!;

    public Task InitializeAsync()
    {
        _app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",

            // A request left waiting by an abandoned drain holds the app's own stop this long at most.
            ["Shutdown:Timeout"] = "00:00:03",
        })
        {
            TestServices = services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IHistoryStore));
                services.AddSingleton(sp => HeldStore.Around((IHistoryStore)original.ImplementationFactory!(sp), out _store));
            },
        };
        _app.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _store.Release();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Once_the_input_is_closed_the_webhook_answers_503_with_retry_after_and_takes_nothing()
    {
        _app.Services.GetRequiredService<IngestShutdown>().CloseInput();

        using var response = await _app.PostToWebhookAsync(Connect("late"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var status = await _app.GetIngestStatusAsync();
        Assert.Equal((0L, 0L), (status.Received, status.ParseFailures));
        Assert.Equal(0, (await _app.GetClientsAsync("?state=all")).Total);
    }

    [Fact]
    public async Task A_request_already_taken_completes_with_200_once_stored_while_a_later_one_gets_503()
    {
        var taken = await PostHeldAsync("taken");
        var shutdown = _app.Services.GetRequiredService<IngestShutdown>();
        shutdown.CloseInput();
        using var late = await _app.PostToWebhookAsync(Connect("late"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, late.StatusCode);
        Assert.False(taken.IsCompleted);

        _store.Release();
        using var response = await taken.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<WebhookResultDto>(DashboardApp.Json))!.Accepted);
        await shutdown.Drained.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(["taken"], (await _app.GetClientsAsync("?state=all")).Items.Select(c => c.ClientId));
    }

    [Fact]
    public async Task A_drain_that_cannot_finish_is_abandoned_when_the_hosts_stop_token_fires_and_the_pipeline_ends()
    {
        var taken = await PostHeldAsync("held");
        var shutdown = _app.Services.GetRequiredService<IngestShutdown>();

        // The store never answers: the wait ends with the host's stop token, not with the drain.
        using var hostStopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await shutdown.WaitUntilDrainedAsync(hostStopping.Token).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(shutdown.Abandoned.IsCancellationRequested);
        await shutdown.Drained.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.False(taken.IsCompleted, "a request whose events were never stored got an answer");
    }

    /// <summary>Posts one event and returns once the pipeline holds it at the store: taken, not yet stored.</summary>
    private async Task<Task<HttpResponseMessage>> PostHeldAsync(string clientId)
    {
        _store.Hold();
        var taken = _app.PostToWebhookAsync(Connect(clientId));
        await _store.Entered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        return taken;
    }

    private static string Connect(string clientId) =>
        $$"""{"event":"client.connected","clientid":"{{clientId}}","connected_at":1749551400125,"peername":"10.0.0.1:1"}""";

    /// <summary>The app's own store, with appends held at a gate while a test says so.</summary>
    public class HeldStore : DispatchProxy
    {
        private IHistoryStore _inner = null!;
        private TaskCompletionSource _gate = Opened();

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static IHistoryStore Around(IHistoryStore inner, out HeldStore held)
        {
            var proxy = Create<IHistoryStore, HeldStore>();
            held = (HeldStore)(object)proxy;
            held._inner = inner;
            return proxy;
        }

        public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate.TrySetResult();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            return targetMethod.Name == nameof(IHistoryStore.AppendAsync)
                ? AppendAsync(targetMethod, args)
                : targetMethod.Invoke(_inner, args);
        }

        private async Task<int> AppendAsync(MethodInfo method, object?[]? args)
        {
            Entered.TrySetResult();
            // Like a real store, it gives up when the pipeline is cancelled.
            await _gate.Task.WaitAsync((CancellationToken)args![^1]!);
            return await (Task<int>)method.Invoke(_inner, args)!;
        }

        private static TaskCompletionSource Opened()
        {
            var opened = new TaskCompletionSource();
            opened.SetResult();
            return opened;
        }
    }
}
