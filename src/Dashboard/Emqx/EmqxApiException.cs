namespace Dashboard.Emqx;

/// <summary>
/// A REST call to EMQX that failed: unreachable (<see cref="StatusCode"/> null), timed out, or
/// answered with an error. <see cref="Code"/> and <see cref="Message"/> are EMQX's own
/// (<c>{"code":…,"message":…}</c>), bounded, and safe to show: they never hold our credentials.
/// </summary>
public sealed class EmqxApiException : Exception
{
    public EmqxApiException(string message, int? statusCode = null, string? code = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        Code = code;
    }

    public EmqxApiException()
        : this("EMQX's REST API call failed.")
    {
    }

    public EmqxApiException(string message)
        : this(message, null, null, null)
    {
    }

    public EmqxApiException(string message, Exception innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>The HTTP status EMQX answered with; null when no answer came.</summary>
    public int? StatusCode { get; }

    /// <summary>EMQX's error code, e.g. <c>CLIENTID_NOT_FOUND</c> or <c>BAD_API_KEY_OR_SECRET</c>.</summary>
    public string? Code { get; }
}
