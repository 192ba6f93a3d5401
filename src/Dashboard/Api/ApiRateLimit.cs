using System.Globalization;
using System.Threading.RateLimiting;
using Dashboard.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>
/// Reads of <c>/api</c> (GET and HEAD) are limited per caller with a token bucket, so one client
/// polling in a loop cannot take the server's CPU from ingestion and the pages. Rejections are 429
/// with <c>Retry-After</c>; <see cref="ApiProblems"/> gives them a problem+json body. Writes (the
/// webhook) are not counted here. Settings: <see cref="ApiRateLimitOptions"/>.
/// </summary>
internal static class ApiRateLimit
{
    public static IServiceCollection AddApiRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiRateLimitOptions>>((limiter, api) =>
        {
            var options = api.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected ??= SetRetryAfter;
            if (options.PermitsPerSecond == 0)
            {
                return;
            }

            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsApiRead(context)
                ? RateLimitPartition.GetTokenBucketLimiter(CallerKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));
        });
        return services;
    }

    /// <summary>
    /// Who a request counts against: its remote IP for now (behind a reverse proxy, that is the
    /// proxy, unless forwarded headers are configured). Signed-in users and API keys will be keyed here.
    /// </summary>
    public static string CallerKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsApiRead(HttpContext context) =>
        ApiProblems.IsApi(context) && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method));

    private static ValueTask SetRetryAfter(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }
}
