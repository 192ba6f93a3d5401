namespace Dashboard.Core.Events;

/// <summary>
/// What the parser made of one payload: a connection event, an access event (connack, authentication,
/// authorization), or a failure that says why. Exactly one of the three is set.
/// </summary>
public readonly struct ParseResult
{
    private ParseResult(ConnectionEvent? connectionEvent, AccessEvent? accessEvent, ParseFailure? failure)
    {
        Event = connectionEvent;
        Access = accessEvent;
        Failure = failure;
    }

    public ConnectionEvent? Event { get; }

    public AccessEvent? Access { get; }

    public ParseFailure? Failure { get; }

    public bool IsSuccess => Event is not null || Access is not null;

    public static ParseResult Success(ConnectionEvent connectionEvent) => new(connectionEvent, null, null);

    public static ParseResult Success(AccessEvent accessEvent) => new(null, accessEvent, null);

    public static ParseResult Failed(ParseFailure failure) => new(null, null, failure);
}
