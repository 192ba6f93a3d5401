using Dashboard.Core.History;
using Microsoft.Data.Sqlite;

namespace Dashboard.History;

/// <summary>
/// Which SQLite errors reject the rows themselves, for good: SQLITE_CONSTRAINT (NOT NULL, UNIQUE,
/// CHECK), SQLITE_MISMATCH (a STRICT column given the wrong type) and SQLITE_TOOBIG (a value over
/// the length limit). Everything else (SQLITE_BUSY, SQLITE_FULL, SQLITE_IOERR, a file that cannot
/// be opened) may pass: wait and retry.
/// </summary>
internal static class SqliteErrors
{
    // Primary result codes, https://sqlite.org/rescode.html; the low byte of an extended code.
    private const int TooBig = 18;
    private const int Constraint = 19;
    private const int Mismatch = 20;

    public static HistoryWriteError Classify(Exception error) => error switch
    {
        SqliteException e => (e.SqliteErrorCode & 0xFF) switch
        {
            TooBig => HistoryWriteError.Permanent("SQLITE_TOOBIG"),
            Constraint => HistoryWriteError.Permanent("SQLITE_CONSTRAINT"),
            Mismatch => HistoryWriteError.Permanent("SQLITE_MISMATCH"),
            var code => HistoryWriteError.Transient($"SQLite error {code}"),
        },
        _ => HistoryWriteError.Transient(error.GetType().Name),
    };
}
