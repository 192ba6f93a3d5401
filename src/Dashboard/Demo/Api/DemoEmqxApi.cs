using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Dashboard.Demo.Api;

/// <summary>
/// A stand-alone HTTP server (its own Kestrel, not the dashboard's pipeline) that answers the subset
/// of EMQX 5.8's REST API v5 the dashboard uses, over an <see cref="IDemoClientTable"/>. Demo mode
/// runs one over the embedded broker; tests and the bench start one over generated clients. Every
/// call but <c>GET /api/v5/status</c> needs the API key as HTTP Basic, as at EMQX.
/// </summary>
internal sealed class DemoEmqxApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private DemoEmqxApi(WebApplication app, DemoApiState state, Uri url)
    {
        _app = app;
        State = state;
        Url = url;
    }

    /// <summary>The base URL to configure as <c>Emqx:ApiUrl</c>, e.g. <c>http://127.0.0.1:18083</c>.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Whether <c>clients_v2</c> (the cursor listing, EMQX 5.7 and later) exists; false makes it answer
    /// 404 as EMQX 5.6 does, so the client falls back to the paged listing.
    /// </summary>
    public bool CursorListing
    {
        get => State.CursorListing;
        set => State.CursorListing = value;
    }

    /// <summary>Calls answered by path (<c>clients_v2</c>, <c>clients</c>, …), to see which listing a client used.</summary>
    public int RequestsTo(string endpoint) => State.RequestsTo(endpoint);

    private DemoApiState State { get; }

    /// <summary>
    /// Starts listening. <paramref name="broker"/> is handed to the rule endpoints (null for a
    /// stand-alone API). A port in use stops with a <see cref="StartupException"/> naming Demo:ApiPort.
    /// </summary>
    public static async Task<DemoEmqxApi> StartAsync(DemoApiSettings settings, IDemoClientTable table, EmbeddedBroker? broker, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // The app that owns this server handles Ctrl+C and stops it; this host must not react itself.
        builder.Services.AddSingleton<IHostLifetime, OwnedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = DemoClientEndpoints.MaxBodyBytes;
            kestrel.Listen(settings.Address, settings.Port);
        });

        var app = builder.Build();
        var state = new DemoApiState(table, settings, time);
        var expected = Encoding.UTF8.GetBytes(settings.ApiKey + ":" + settings.ApiSecret);
        app.Use((context, next) => Authorized(context, expected) ? next(context) : Unauthorized(context));

        // EMQX's health check needs no credentials (emqx_mgmt_api_status).
        app.MapGet("/api/v5/status", (RequestDelegate)(context => DemoNodeEndpoints.StatusAsync(context, state)));
        var api = app.MapGroup("/api/v5");
        DemoClientEndpoints.Map(api, state);
        DemoNodeEndpoints.Map(api, state);
        DemoRuleEndpoints.Map(api, broker);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            await app.DisposeAsync();
            throw new StartupException(
                $"Demo:ApiPort {settings.Port} on {settings.Address} is already in use (a real EMQX's dashboard listens on 18083). " +
                "Stop it, or choose another port with --Demo:ApiPort.");
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoEmqxApi(app, state, new Uri(address));
    }

    /// <summary>Stops once; later calls do nothing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static bool Authorized(HttpContext context, byte[] expected)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api/v5") || path.Equals("/api/v5/status", StringComparison.Ordinal))
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length > 4096)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[3072];
        return Convert.TryFromBase64String(header[scheme.Length..].Trim(), given, out var written)
            && CryptographicOperations.FixedTimeEquals(given[..written], expected);
    }

    private static Task Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic";
        return DemoApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "BAD_API_KEY_OR_SECRET", "Check api_key/api_secret");
    }

    /// <summary>A host lifetime that waits for its owner to stop it.</summary>
    private sealed class OwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>What the demo API's endpoints share: the table, what it says about itself, and the EMQX 5.6 switch.</summary>
internal sealed class DemoApiState(IDemoClientTable table, DemoApiSettings settings, TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private volatile bool _cursorListing = true;

    public IDemoClientTable Table { get; } = table;

    public DemoApiSettings Settings { get; } = settings;

    public TimeProvider Time { get; } = time;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public bool CursorListing
    {
        get => _cursorListing;
        set => _cursorListing = value;
    }

    public void Count(string endpoint) => _requests.AddOrUpdate(endpoint, 1, (_, n) => n + 1);

    public int RequestsTo(string endpoint) => _requests.GetValueOrDefault(endpoint);
}
