using Microsoft.Extensions.Options;

namespace Dashboard.Options;

/// <summary>
/// The per-caller limit on API reads. Section <c>Api:RateLimit</c>. The defaults are far above what
/// the pages and a polling script need; <see cref="PermitsPerSecond"/> 0 turns the limit off.
/// </summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimit";

    /// <summary>Requests per second each caller gets back, on average; 0 for no limit.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>How many requests a caller may make at once after being idle.</summary>
    public int Burst { get; set; } = 400;
}

internal sealed class ApiRateLimitOptionsValidator : IValidateOptions<ApiRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiRateLimitOptions o)
    {
        var errors = new ValidationErrors(ApiRateLimitOptions.Section);
        errors.Range("PermitsPerSecond", o.PermitsPerSecond, 0, 1_000_000);
        if (o.PermitsPerSecond > 0)
        {
            errors.Range("Burst", o.Burst, 1, 1_000_000);
        }

        return errors.Result;
    }
}
