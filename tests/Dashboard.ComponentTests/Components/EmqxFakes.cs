using System.Net;
using Dashboard.Emqx;

namespace Dashboard.Tests.Components;

/// <summary>
/// EMQX's REST API as the component tests see it: every request is recorded (method, the path as
/// sent, the body) and answered by <see cref="Answer"/>, 204 unless a test says otherwise.
/// The integration tests talk to a real HTTP server instead.
/// </summary>
public sealed class FakeEmqxHandler : HttpMessageHandler, IHttpClientFactory
{
    public static readonly Uri BaseAddress = new("http://emqx.test:18083/api/v5/");

    private readonly List<(HttpMethod Method, string Path, string? Body)> _requests = [];

    public Func<HttpRequestMessage, HttpResponseMessage> Answer { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.NoContent);

    public IReadOnlyList<(HttpMethod Method, string Path, string? Body)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>EMQX's error shape.</summary>
    public static HttpResponseMessage Error(HttpStatusCode status, string code, string message) => new(status)
    {
        Content = new StringContent($$"""{"code":"{{code}}","message":"{{message}}"}""", System.Text.Encoding.UTF8, "application/json"),
    };

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false) { BaseAddress = BaseAddress };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests)
        {
            _requests.Add((request.Method, request.RequestUri!.AbsolutePath, body));
        }

        return Answer(request);
    }
}

/// <summary>A status whose snapshot a test sets; <see cref="Set"/> raises <see cref="Changed"/> as the monitor does.</summary>
public sealed class FakeEmqxStatus : IEmqxStatus
{
    public EmqxStatusSnapshot Current { get; private set; } = EmqxStatusSnapshot.Off;

    public event Action? Changed;

    public void Set(EmqxStatusSnapshot snapshot)
    {
        Current = snapshot;
        Changed?.Invoke();
    }

    public void RecordReconcile(ReconcileReport report) => Set(Current with { LastReconcile = report, DroppedUnrepaired = report.Error is null ? 0 : Current.DroppedUnrepaired });
}

/// <summary>A reconciler that records its triggers and returns <see cref="Report"/>.</summary>
public sealed class FakeReconciler : IReconciler
{
    public List<string> Triggers { get; } = [];

    public ReconcileReport Report { get; set; } = new(1000, 3, 2, 995, 1, 420, DateTimeOffset.UnixEpoch, "manual", null);

    public Task<ReconcileReport> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        Triggers.Add(trigger);
        return Task.FromResult(Report with { Trigger = trigger });
    }
}
