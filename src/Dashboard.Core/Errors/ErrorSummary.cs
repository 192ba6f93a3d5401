using System.Data.Common;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;

namespace Dashboard.Core.Errors;

/// <summary>
/// What a page or an API may say about an exception: a short description made only from the
/// exception's kind and codes (never its message, which can carry a database host, a file path or a
/// secret from a connection string), and a reference that the server log repeats next to the whole
/// exception, so an operator can find the detail.
/// </summary>
public static class ErrorSummary
{
    /// <summary>A short random reference, e.g. "ref 3f9a12c0", for one logged error.</summary>
    public static string NewReference() => "ref " + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>"&lt;description&gt; (ref …)": for status lines that users see.</summary>
    public static string ForUsers(Exception exception, string reference) => $"{Describe(exception)} ({reference})";

    /// <summary>
    /// The kind of failure in a few words, from the innermost exception we know how to name: a socket
    /// error's name, a database's SQLSTATE or error code, or else the exception's type name.
    /// </summary>
    public static string Describe(Exception exception)
    {
        // Two passes: a precise cause anywhere in the chain (a socket error inside a database
        // driver's exception, say) says more than the wrapper around it.
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException socket:
                    return SocketText(socket.SocketErrorCode);
                case AuthenticationException:
                    return "TLS handshake failed";
                case UnauthorizedAccessException:
                    return "permission denied";
                case DbException { SqlState.Length: > 0 } db:
                    return $"database error (SQLSTATE {db.SqlState})";
            }
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case TimeoutException:
                    return "timed out";
                case HttpRequestException { StatusCode: { } status }:
                    return $"HTTP {(int)status} {status}";
                case DbException db:
                    return $"database error ({db.GetType().Name} {db.ErrorCode})";
            }
        }

        return exception switch
        {
            OperationCanceledException => "cancelled or timed out",
            IOException => "input/output error",
            _ => $"unexpected error ({exception.GetType().Name})",
        };
    }

    private static string SocketText(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "connection timed out",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name not found",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
        SocketError.ConnectionReset => "connection reset",
        SocketError.ConnectionAborted => "connection aborted",
        SocketError.AccessDenied => "access denied",
        _ => $"network error ({error})",
    };
}
