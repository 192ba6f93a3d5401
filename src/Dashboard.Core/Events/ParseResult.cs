namespace Dashboard.Core.Events;

/// <summary>What the parser made of one payload: an event, or a failure that says why.</summary>
public readonly struct ParseResult
{
    private ParseResult(ConnectionEvent? connectionEvent, ParseFailure? failure)
    {
        Event = connectionEvent;
        Failure = failure;
    }

    public ConnectionEvent? Event { get; }

    public ParseFailure? Failure { get; }

    public bool IsSuccess => Event is not null;

    public static ParseResult Success(ConnectionEvent connectionEvent) => new(connectionEvent, null);

    public static ParseResult Failed(ParseFailure failure) => new(null, failure);
}
