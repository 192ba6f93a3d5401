using Dashboard.Core.Errors;
using Dashboard.Core.History;

namespace Dashboard.History;

/// <summary>
/// What a page says when history cannot be read: the provider, the kind of failure and a reference.
/// The exception itself (which may name the database host or a file path) goes to the log only.
/// </summary>
internal static partial class HistoryReadError
{
    public static string Report(ILogger logger, IHistoryStore store, Exception exception)
    {
        var reference = ErrorSummary.NewReference();
        Log.ReadFailed(logger, exception, store.Provider, reference);
        return $"History could not be read ({store.Provider}): {ErrorSummary.ForUsers(exception, reference)}";
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Reading history ({Provider}) failed ({Reference})")]
        public static partial void ReadFailed(ILogger logger, Exception exception, string provider, string reference);
    }
}
