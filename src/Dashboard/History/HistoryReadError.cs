using Dashboard.Core.Errors;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// What a page says when history cannot be read: the provider, the kind of failure and a reference.
/// The exception itself (which may name the database host or a file path) goes to the log only.
/// </summary>
internal static class HistoryReadError
{
    public static string Report(ILogger logger, IHistoryStore store, Exception exception)
    {
        var reference = ErrorSummary.NewReference();
        logger.LogWarning(exception, "Reading history ({Provider}) failed ({Reference})", store.Provider, reference);
        return $"History could not be read ({store.Provider}): {ErrorSummary.ForUsers(exception, reference)}";
    }
}
