using Dashboard.Core.Errors;
using Dashboard.Core.History;

namespace Dashboard.Api;

/// <summary>
/// <c>GET /api/ingest/dead-letters?limit=</c>: how many events the history store rejected for good,
/// and the newest of them with their error and raw payload (JSON escapes any control character).
/// </summary>
internal static partial class DeadLettersApi
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static void MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ingest/dead-letters", GetAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext context, IHistoryStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!store.IsEnabled)
        {
            return HistoryApi.HistoryOff();
        }

        var errors = new Dictionary<string, string[]>();
        var limit = QueryNumber.Read(context.Request.Query, "limit", DefaultLimit, 1, MaxLimit, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        DeadLetters letters;
        try
        {
            letters = await store.GetDeadLettersAsync(limit, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database's own message may name hosts or files: it goes to the log only.
            var reference = ErrorSummary.NewReference();
            Log.ReadFailed(loggers.CreateLogger(typeof(DeadLettersApi)), ex, store.Provider, reference);
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "History is unavailable",
                detail: $"The dead letters could not be read: {ErrorSummary.ForUsers(ex, reference)}; the log has the details.");
        }

        return Results.Ok(new DeadLettersDto(letters.Count, letters.Recent.Select(DeadLetterDto.From).ToArray()));
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "The dead letters could not be read from history ({Provider}) ({Reference})")]
        public static partial void ReadFailed(ILogger logger, Exception exception, string provider, string reference);
    }
}

public sealed record DeadLettersDto(long Count, IReadOnlyList<DeadLetterDto> Recent);

/// <summary>One rejected event: <c>errorCode</c> is the database's (SQLSTATE, or SQLite's name for it).</summary>
public sealed record DeadLetterDto(long Id, DateTime FailedAt, string ClientId, string ErrorCode, string Error, string Payload)
{
    public static DeadLetterDto From(DeadLetter d) => new(d.Id, d.FailedAt.UtcDateTime, d.ClientId, d.ErrorCode, d.Error, d.Payload);
}
