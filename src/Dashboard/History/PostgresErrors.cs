using System.Text;
using Dashboard.Core.History;
using Npgsql;

namespace Dashboard.History;

/// <summary>
/// Which PostgreSQL errors reject the rows themselves, for good: SQLSTATE class 22 (data exception,
/// e.g. 22021 for a string holding U+0000, 22001 too long, 22003 out of range) and class 23
/// (integrity constraint violation). Everything else (connection lost, server shutting down, disk
/// full 53100, lock timeout 55P03, deadlock 40P01, Npgsql's own timeouts) may pass: wait and retry.
/// </summary>
internal static class PostgresErrors
{
    public static HistoryWriteError Classify(Exception error) => error switch
    {
        PostgresException { SqlState: var state } when state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal)
            => HistoryWriteError.Permanent(state),
        PostgresException e => HistoryWriteError.Transient(e.SqlState),

        // Npgsql encodes text strictly: a string with half a surrogate pair is refused before it is
        // sent, which is the same data error as 22021 but raised on this side.
        EncoderFallbackException => HistoryWriteError.Permanent(PostgresErrorCodes.CharacterNotInRepertoire),
        _ => HistoryWriteError.Transient(error.GetType().Name),
    };
}
