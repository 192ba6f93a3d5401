using System.Net;
using Dashboard.Demo;
using Dashboard.Demo.Api;
using Dashboard.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// A real HTTP server speaking EMQX 5.8's rule-engine REST shapes: the demo's rule, connector and
/// action endpoints under <c>/api/v5</c>, and <c>GET /nodes</c> reporting the given version.
/// </summary>
internal sealed class FakeEmqxApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeEmqxApi(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static string UrlFor(int port) => $"http://127.0.0.1:{port}";

    /// <summary>The app settings that point the dashboard at a fake on <paramref name="port"/>.</summary>
    public static Dictionary<string, string?> Settings(int port) => new()
    {
        ["Emqx:ApiUrl"] = UrlFor(port),
        ["Emqx:ApiKey"] = "test-key",
        ["Emqx:ApiSecret"] = "test-secret",
        ["Emqx:ReconcileInterval"] = "00:00:00",
    };

    public static async Task<FakeEmqxApi> StartAsync(int port, string version = "5.8.9", EmbeddedBroker? broker = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        var app = builder.Build();
        var api = app.MapGroup("/api/v5");
        api.MapGet("/nodes", () => Results.Json(new[] { new { node = "emqx@127.0.0.1", version, node_status = "running" } }));
        DemoRuleEndpoints.Map(api, broker);
        await app.StartAsync();
        return new FakeEmqxApi(app, port);
    }

    public HttpClient CreateClient() => new() { BaseAddress = new Uri(UrlFor(Port) + "/api/v5/") };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
