using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using Dashboard.Core.Errors;

namespace Dashboard.Core.Tests.Errors;

public sealed class ErrorSummaryTests
{
    private const string Secret = "Host=db.internal.example;Password=hunter2;/var/lib/dashboard/history.db";

    [Fact]
    public void The_message_never_reaches_the_summary()
    {
        var exceptions = new Exception[]
        {
            new InvalidOperationException(Secret),
            new IOException(Secret),
            new TimeoutException(Secret),
            new InvalidOperationException(Secret, new SocketException((int)SocketError.ConnectionRefused)),
            new FakeDbException(Secret, "22021"),
            new HttpRequestException(Secret, null, HttpStatusCode.NotFound),
        };

        foreach (var exception in exceptions)
        {
            var text = ErrorSummary.ForUsers(exception, "ref 00000000");
            Assert.DoesNotContain("db.internal", text, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
            Assert.DoesNotContain("/var/lib", text, StringComparison.Ordinal);
            Assert.EndsWith("(ref 00000000)", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_precise_cause_inside_a_wrapper_is_named()
    {
        var wrapped = new FakeDbException("Failed to connect to 10.0.0.5:5432", null, new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal("connection refused", ErrorSummary.Describe(wrapped));
        Assert.Equal("host name not found", ErrorSummary.Describe(new SocketException((int)SocketError.HostNotFound)));
        Assert.Equal("database error (SQLSTATE 22021)", ErrorSummary.Describe(new InvalidOperationException("x", new FakeDbException("y", "22021"))));
        Assert.Equal("HTTP 404 NotFound", ErrorSummary.Describe(new HttpRequestException("x", null, HttpStatusCode.NotFound)));
        Assert.Equal("unexpected error (InvalidOperationException)", ErrorSummary.Describe(new InvalidOperationException("x")));
    }

    [Fact]
    public void References_are_short_and_differ()
    {
        var first = ErrorSummary.NewReference();
        Assert.Matches("^ref [0-9a-f]{8}$", first);
        Assert.NotEqual(first, ErrorSummary.NewReference());
    }

    private sealed class FakeDbException(string message, string? sqlState, Exception? inner = null) : DbException(message, inner)
    {
        public override string? SqlState => sqlState;
    }
}
