using Dashboard.Core.Conflicts;
using Dashboard.Core.Reasons;

namespace Dashboard.Core.Tests.Reasons;

/// <summary>
/// The catalogue's classification of every reason it knows, as one table: what the reason says happened,
/// whether another connection replaced the session, whether the connection failed underneath MQTT, and its
/// colour group. A reason added to the catalogue must be added here too.
/// </summary>
public sealed class ReasonClassificationTests
{
    private const bool Yes = true;
    private const bool No = false;

    public static TheoryData<string, ReasonCategory, bool, bool, ReasonColorGroup> Table => new()
    {
        { "normal", ReasonCategory.Graceful, No, No, ReasonColorGroup.Graceful },
        { "disconnect_with_will_message", ReasonCategory.Graceful, No, No, ReasonColorGroup.Graceful },
        { "kicked", ReasonCategory.Administrative, No, No, ReasonColorGroup.Administrative },
        { "use_another_server", ReasonCategory.Administrative, No, No, ReasonColorGroup.Administrative },
        { "takenover", ReasonCategory.Replacement, Yes, No, ReasonColorGroup.Administrative },
        { "discarded", ReasonCategory.Replacement, Yes, No, ReasonColorGroup.Administrative },
        { "keepalive_timeout", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Timeout },
        { "tcp_closed", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "ssl_closed", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "closed", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "econnreset", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "etimedout", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "timeout", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "tls_alert", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "epipe", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "ehostunreach", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "enetunreach", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "econnrefused", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "einval", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "sock_closed", ReasonCategory.Transport, No, Yes, ReasonColorGroup.Network },
        { "not_authorized", ReasonCategory.Authorization, No, No, ReasonColorGroup.Authorization },
        { "protocol_error", ReasonCategory.Protocol, No, No, ReasonColorGroup.Protocol },
        { "frame_too_large", ReasonCategory.Protocol, No, No, ReasonColorGroup.Protocol },
        { "packet_too_large", ReasonCategory.Protocol, No, No, ReasonColorGroup.Protocol },
        { "implementation_specific_error", ReasonCategory.Protocol, No, No, ReasonColorGroup.Protocol },
        { "receive_maximum_exceeded", ReasonCategory.Protocol, No, No, ReasonColorGroup.Protocol },
        { "server_busy", ReasonCategory.Protocol, No, No, ReasonColorGroup.Protocol },
        { "internal_error", ReasonCategory.Protocol, No, No, ReasonColorGroup.Internal },
        { "(reconciled)", ReasonCategory.Administrative, No, No, ReasonColorGroup.Internal },
        { "quantum_flux", ReasonCategory.Unknown, No, No, ReasonColorGroup.Unrecognised },
        { "TakenOver", ReasonCategory.Unknown, No, No, ReasonColorGroup.Unrecognised },
        { "", ReasonCategory.Unknown, No, No, ReasonColorGroup.Unrecognised },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_reason_has_one_category_and_the_yes_no_questions_follow_from_it(
        string reason, ReasonCategory category, bool replacement, bool transport, ReasonColorGroup group)
    {
        var info = ReasonCatalog.Describe(reason);

        Assert.Equal(reason, info.Reason);
        Assert.Equal((category, replacement, transport, group), (info.Category, info.IsReplacement, info.IsTransport, info.ColorGroup));
        Assert.Equal(replacement, ReasonCatalog.IsReplacement(reason));
        Assert.Equal(transport, ReasonCatalog.IsTransport(reason));
        Assert.Equal(category != ReasonCategory.Unknown, info.Known);
    }

    [Fact]
    public void The_table_covers_every_reason_the_catalogue_knows()
    {
        var inTable = Table.Select(row => (string)row[0]).Where(r => ReasonCatalog.Describe(r).Known);

        Assert.Equal(ReasonCatalog.All.Select(i => i.Reason).Order(StringComparer.Ordinal), inTable.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_missing_reason_is_neither_a_replacement_nor_a_transport_failure()
    {
        Assert.False(ReasonCatalog.IsReplacement(null));
        Assert.False(ReasonCatalog.IsTransport(null));
    }

    /// <summary>
    /// The timeline's list had tls_alert and the conflict rules' list had econnrefused; the catalogue's
    /// transport reasons are the union of both, and the conflict rules take them as their default.
    /// </summary>
    [Fact]
    public void The_transport_reasons_are_the_union_of_the_two_former_lists_and_the_conflict_default()
    {
        string[] timeline = ["tcp_closed", "ssl_closed", "keepalive_timeout", "econnreset", "etimedout", "closed", "timeout",
            "tls_alert", "sock_closed", "einval", "enetunreach", "ehostunreach", "epipe"];
        string[] conflicts = ["tcp_closed", "keepalive_timeout", "ssl_closed", "closed", "econnreset", "etimedout",
            "timeout", "epipe", "ehostunreach", "enetunreach", "econnrefused", "sock_closed", "einval"];

        Assert.Equal(timeline.Union(conflicts).Order(StringComparer.Ordinal), ReasonCatalog.TransportReasons.Order(StringComparer.Ordinal));
        Assert.Equal(ReasonCatalog.TransportReasons, ConflictOptions.DefaultTransportReasons);
        Assert.Equal(ReasonCatalog.TransportReasons, new ConflictOptions().TransportReasons);
    }
}
