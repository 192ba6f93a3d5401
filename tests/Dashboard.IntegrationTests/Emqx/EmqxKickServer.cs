using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Integration.Emqx;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers EMQX 5.8's kick calls as EMQX does: Basic auth with
/// an API key (401 <c>BAD_API_KEY_OR_SECRET</c> otherwise), <c>DELETE /api/v5/clients/{clientid}</c>
/// (204, or 404 <c>CLIENTID_NOT_FOUND</c>) and <c>POST /api/v5/clients/kickout/bulk</c> (a JSON
/// array, 204). It records each request with the client ID decoded once from the raw target, as
/// EMQX's HTTP server (cowboy) does.
/// </summary>
public sealed class EmqxKickServer : IAsyncDisposable
{
    public const string ApiKey = "kick-test-key";
    public const string ApiSecret = "kick-test-secret-0123456789";

    private const string ClientsPrefix = "/api/v5/clients/";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Method, string Target, string? ClientId, string[]? Bulk)> _requests = new();

    private EmqxKickServer(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    /// <summary>The value of <c>Emqx:ApiUrl</c>.</summary>
    public string Url { get; }

    /// <summary>Clients EMQX has connected now; a kick removes one.</summary>
    public ConcurrentDictionary<string, bool> Connected { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Method, string Target, string? ClientId, string[]? Bulk)> Requests => [.. _requests];

    public static async Task<EmqxKickServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new EmqxKickServer(app, port);
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApiKey}:{ApiSecret}"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            await ErrorAsync(context, 401, "BAD_API_KEY_OR_SECRET", "Check api_key/api_secret");
            return;
        }

        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        if (context.Request.Method == "POST" && target == ClientsPrefix + "kickout/bulk")
        {
            var ids = await JsonSerializer.DeserializeAsync<string[]>(context.Request.Body);
            _requests.Enqueue(("POST", target, null, ids));
            foreach (var id in ids!)
            {
                Connected.TryRemove(id, out _);
            }

            context.Response.StatusCode = 204;
            return;
        }

        if (context.Request.Method == "DELETE" && target.StartsWith(ClientsPrefix, StringComparison.Ordinal))
        {
            var clientId = Uri.UnescapeDataString(target[ClientsPrefix.Length..]);
            _requests.Enqueue(("DELETE", target, clientId, null));
            if (Connected.TryRemove(clientId, out _))
            {
                context.Response.StatusCode = 204;
            }
            else
            {
                await ErrorAsync(context, 404, "CLIENTID_NOT_FOUND", "Client ID not found");
            }

            return;
        }

        await ErrorAsync(context, 404, "NOT_FOUND", "Request Path Not Found");
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { code, message });
    }
}
