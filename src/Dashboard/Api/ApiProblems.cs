using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace Dashboard.Api;

/// <summary>
/// Every error under <c>/api</c> answers as <c>application/problem+json</c>, in every environment:
/// handlers' own 400s and 404s (<c>Results.ValidationProblem</c>, <c>Results.Problem</c>), unknown
/// routes and wrong methods, requests the framework cannot read, rejections, and unhandled
/// exceptions. An exception's text never leaves the server: the caller gets a short message and a
/// correlation ID, and the log has the exception next to the same ID. Pages keep their own error page.
/// </summary>
internal static partial class ApiProblems
{
    public static IServiceCollection AddApiProblems(this IServiceCollection services) => services.AddProblemDetails();

    /// <summary>Call before the middleware and endpoints whose errors it should catch.</summary>
    public static WebApplication UseApiProblems(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = WriteExceptionAsync,

                // The handler logs the exception itself, with the correlation ID the caller was given.
                SuppressDiagnosticsCallback = _ => true,
            });

            // A status with no body (an unknown route's 404, a 405, a 429, a binding failure's 400) gets one.
            api.UseStatusCodePages(context => Results.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
        });
        return app;
    }

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>The ID a caller quotes and the log carries: the request's trace, as ASP.NET Core's own problem details name it.</summary>
    public static string CorrelationId(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    /// <summary>409 for an action that needs EMQX's REST API while <c>Emqx:ApiUrl</c> is empty, saying how to turn it on.</summary>
    public static IResult EmqxApiOff() =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "EMQX's REST API is off", detail: Options.EmqxOptions.HowToTurnOn);

    private static Task WriteExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var correlationId = CorrelationId(context);
        var logger = context.RequestServices.GetRequiredService<ILogger<ApiProblemsLog>>();
        if (exception is BadHttpRequestException bad)
        {
            // The request itself was wrong (unreadable body, too large, bad parameter): the caller's
            // problem, with a status that says which; the framework's message stays in the log.
            Log.UnreadableRequest(logger, bad, context.Request.Method, context.Request.Path, correlationId);
            return Problem(context, bad.StatusCode, "The request could not be read", "Check the parameters and the body against the API's documentation.", correlationId);
        }

        Log.UnhandledException(logger, exception, context.Request.Method, context.Request.Path, correlationId);
        return Problem(
            context,
            StatusCodes.Status500InternalServerError,
            "Internal error",
            $"The server could not answer this request. The log has the details under correlation ID {correlationId}.",
            correlationId);
    }

    private static Task Problem(HttpContext context, int status, string title, string detail, string correlationId) =>
        Results.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["traceId"] = correlationId })
            .ExecuteAsync(context);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Unreadable request to {Method} {Path}; correlation ID {CorrelationId}")]
        public static partial void UnreadableRequest(ILogger logger, Exception exception, string method, PathString path, string correlationId);

        [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Method} {Path}; correlation ID {CorrelationId}")]
        public static partial void UnhandledException(ILogger logger, Exception? exception, string method, PathString path, string correlationId);
    }
}

/// <summary>The log category of API errors.</summary>
internal sealed class ApiProblemsLog;
