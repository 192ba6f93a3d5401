using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Ingestion;
using Dashboard.Options;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Dashboard.Api;

/// <summary>
/// <c>POST /api/ingest/emqx</c>: EMQX's HTTP action (one event per request), or a JSON array or
/// NDJSON of events from a batching tool. The response is 200 only once every event in it is
/// durable, so EMQX's retry covers any failure; a bad secret or body stores nothing. Once the app
/// is stopping it answers 503 with <c>Retry-After</c>, and requests already in the channel still
/// get their 200 once stored.
/// </summary>
internal static class WebhookApi
{
    public const string Path = "/api/ingest/emqx";

    /// <summary>What a stopping instance tells the sender to wait: about one restart, or a move to another instance.</summary>
    public const int StoppingRetryAfterSeconds = 5;

    public static void MapWebhookApi(this IEndpointRouteBuilder app)
    {
        // Created at start rather than on the first request, so the source shows in diagnostics from
        // the start; not earlier, so that invalid options are reported by the host's validation.
        var lifetime = app.ServiceProvider.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() => app.ServiceProvider.GetRequiredService<WebhookSource>());
        // Open to anonymous callers: the webhook checks its own secret (Webhook:Secret).
        app.MapPost(Path, ReceiveAsync).DisableAntiforgery().AllowAnonymous();
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context,
        IOptions<WebhookOptions> options,
        WebhookSource source,
        WebhookSecretLimiter limiter,
        IngestWriter writer,
        IngestChannel channel,
        IngestShutdown shutdown,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsOn)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "HTTP ingestion is off", detail: HowToTurnOn(settings));
        }

        if (shutdown.IsInputClosed)
        {
            return Stopping(context);
        }

        // Before anything is read: a web page can post text/plain or a form to any address without
        // asking first (no CORS preflight), and none of those is an EMQX event.
        if (!IsJsonMediaType(context.Request.ContentType))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the events as application/json, application/x-ndjson or application/*+json.");
        }

        if (!IsAuthorized(context.Request, settings.Secret!))
        {
            if (!limiter.TryRecordFailure(context.Connection.RemoteIpAddress, out var retryAfter))
            {
                int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                SetRetryAfter(context, seconds);
                return Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many failed secrets",
                    detail: $"Too many requests from this address had a wrong or missing secret; try again in {seconds} s.");
            }

            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Send the configured secret as 'Authorization: Bearer <secret>'.");
        }

        var body = await ReadBodyAsync(context, settings.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"The limit is {settings.MaxBodyBytes} bytes (Webhook:MaxBodyBytes).");
        }

        var (values, error) = JsonBatchSplitter.Split(body);
        if (error is not null)
        {
            // Counted like any payload that does not parse, with the body as the sample.
            writer.Parse(source.Status, new ReadOnlySequence<byte>(body), Path, EventSourceKind.Webhook);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed body", detail: error);
        }

        var stored = new List<Task>(values.Count);
        var rejected = new List<string>();
        foreach (var value in values)
        {
            var result = writer.Parse(source.Status, new ReadOnlySequence<byte>(value), Path, EventSourceKind.Webhook);
            if (!result.IsSuccess)
            {
                rejected.Add(result.Failure!.Error);
                continue;
            }

            var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                await channel.Writer.WriteAsync(new IngestItem(result.Event, _ => { durable.TrySetResult(); return Task.CompletedTask; }, result.Access), cancellationToken);
            }
            catch (ChannelClosedException)
            {
                // The app began to stop while this body was written: the sender retries all of it, and
                // the store recognises the events of it that were taken before.
                return Stopping(context);
            }

            stored.Add(durable.Task);
        }

        if (stored.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No connect or disconnect event", detail: string.Join("; ", rejected.Distinct()));
        }

        await Task.WhenAll(stored).WaitAsync(cancellationToken);
        return Results.Ok(new WebhookResultDto(stored.Count, rejected.Count, rejected.Distinct().ToArray()));
    }

    private static IResult Stopping(HttpContext context)
    {
        SetRetryAfter(context, StoppingRetryAfterSeconds);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Stopping",
            detail: "This instance is stopping and takes no more events; send them again shortly.");
    }

    private static void SetRetryAfter(HttpContext context, int seconds) =>
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What to do to turn the webhook on, for the log and for a request that finds it off.</summary>
    public static string HowToTurnOn(WebhookOptions settings) => settings.Enabled
        ? $"Set Webhook:Secret (at least {WebhookOptions.MinSecretLength} characters) to turn it on; EMQX's HTTP action then sends 'Authorization: Bearer <secret>'."
        : "Webhook:Enabled is false; set it to true, and set Webhook:Secret, to turn it on.";

    /// <summary>application/json, application/x-ndjson or application/*+json, with any parameters (charset).</summary>
    private static bool IsJsonMediaType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !parsed.Type.Equals("application", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var subType = parsed.SubTypeWithoutSuffix;
        return subType.Equals("json", StringComparison.OrdinalIgnoreCase)
            || subType.Equals("x-ndjson", StringComparison.OrdinalIgnoreCase)
            || parsed.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsAuthorized(HttpRequest request, string secret)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant time, so the comparison does not reveal how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>The whole body, or null when it is over the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int maxBytes, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>How many events of the body were stored, and why the others were not.</summary>
public sealed record WebhookResultDto(int Accepted, int Rejected, IReadOnlyList<string> Errors);
