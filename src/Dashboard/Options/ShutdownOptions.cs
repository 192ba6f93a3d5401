using Microsoft.Extensions.Options;

namespace Dashboard.Options;

/// <summary>How long a stop may take. Section <c>Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// The host's <c>ShutdownTimeout</c>: the most a SIGTERM may take, drain included. Past it the
    /// drain is abandoned (what was not acknowledged is delivered again after the restart) and the
    /// process exits. An orchestrator's grace period must be longer.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions o)
    {
        var errors = new ValidationErrors(ShutdownOptions.Section);
        errors.Require(o.Timeout >= TimeSpan.FromSeconds(1) && o.Timeout <= TimeSpan.FromMinutes(10), "Timeout", "must be between 00:00:01 and 00:10:00", o.Timeout);
        return errors.Result;
    }
}
