using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration.Metrics;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the metrics are pushed over OTLP (HTTP/protobuf here)
/// to a collector. (Without it no exporter is added; a test of "nothing pushed" could not fail, as
/// the exporter's default endpoint is not one a test can watch.)
/// </summary>
[Collection(MetricsAlone.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_are_pushed_over_otlp_when_the_endpoint_is_set()
    {
        using var collector = new FakeCollector();
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        app.StartServer();

        // Protobuf keeps strings as UTF-8 bytes: the instrument names can be found in the body.
        await Eventually.HoldsAsync(
            () => Task.FromResult(collector.Bodies.ToArray()),
            bodies => bodies.Any(b => b.Path == "/v1/metrics" && b.Text.Contains("dashboard_events_accepted", StringComparison.Ordinal)),
            "the collector received the dashboard's metrics");
    }

    /// <summary>An HTTP listener on a free loopback port that keeps what is posted to it.</summary>
    private sealed class FakeCollector : IDisposable
    {
        private readonly HttpListener _listener = new();

        public FakeCollector()
        {
            Address = $"http://127.0.0.1:{FreePort.Next()}";
            _listener.Prefixes.Add(Address + "/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Address { get; }

        public ConcurrentQueue<(string Path, string Text)> Bodies { get; } = new();

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                Bodies.Enqueue((context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(body.ToArray())));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
