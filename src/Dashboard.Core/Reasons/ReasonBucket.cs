namespace Dashboard.Core.Reasons;

/// <summary>
/// One time bucket of the disconnect-reason series: how many disconnects per reason (reasons kept
/// verbatim, an open set), how many connects, and, from live state only, the online count sampled
/// in it (history does not know who was online, so it leaves that null).
/// </summary>
public sealed record ReasonBucket(DateTimeOffset Start, IReadOnlyDictionary<string, long> Counts, long Connects, int? Online = null)
{
    /// <summary>The key for a disconnect that carried no reason (EMQX sent none, or "undefined").</summary>
    public const string NoReason = "(no reason)";

    /// <summary>All disconnects in the bucket.</summary>
    public long Disconnects => Counts.Values.Sum();

    /// <summary>The series key for a disconnect's reason.</summary>
    public static string KeyOf(string? reason) => string.IsNullOrEmpty(reason) ? NoReason : reason;
}

/// <summary>A client that disconnected with a given reason: how often in the range, and when last.</summary>
public sealed record ReasonClient(string ClientId, long Count, DateTimeOffset LastAt);
