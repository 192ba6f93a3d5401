namespace Dashboard.Core.History;

/// <summary>What a failed history write means. <see cref="Code"/> is the database's own, e.g. SQLSTATE 22021 or SQLITE_CONSTRAINT.</summary>
public readonly record struct HistoryWriteError(bool IsPermanent, string Code)
{
    /// <summary>Any error the store does not know to be permanent: wait and retry.</summary>
    public static HistoryWriteError Transient(string code) => new(false, code);

    public static HistoryWriteError Permanent(string code) => new(true, code);
}

/// <summary>
/// An event the store rejected for good, as kept in its dead-letter table. <see cref="ClientId"/> and
/// <see cref="Payload"/> are exactly as they came (they may hold U+0000 or other control characters:
/// escape them before showing them). <see cref="Payload"/> is the raw payload, or the parsed event as
/// JSON when there was none.
/// </summary>
public sealed record DeadLetter(long Id, DateTimeOffset FailedAt, string ClientId, string ErrorCode, string Error, string Payload);

/// <summary>How many dead letters the store holds, and the newest of them.</summary>
public sealed record DeadLetters(long Count, IReadOnlyList<DeadLetter> Recent);
