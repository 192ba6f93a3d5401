using Dashboard.Core.Reasons;

namespace Dashboard.Core.Tests.Reasons;

/// <summary>Why a CONNECT was refused: the connack reason codes the issue lists, apart from the disconnect reasons.</summary>
public sealed class RefusalCatalogTests
{
    [Theory]
    [InlineData("bad_username_or_password", ReasonCategory.Authorization, "rotat")]
    [InlineData("not_authorized", ReasonCategory.Authorization, "authentication")]
    [InlineData("banned", ReasonCategory.Administrative, "flapping")]
    [InlineData("client_identifier_not_valid", ReasonCategory.Protocol, "client ID")]
    [InlineData("server_busy", ReasonCategory.Administrative, "THROTTLED")]
    [InlineData("quota_exceeded", ReasonCategory.Administrative, "rate limit")]
    [InlineData("connection_rate_exceeded", ReasonCategory.Administrative, "rate limit")]
    [InlineData("use_another_server", ReasonCategory.Administrative, "evacuat")]
    [InlineData("server_moved", ReasonCategory.Administrative, "moved")]
    [InlineData("unsupported_protocol_version", ReasonCategory.Protocol, "MQTT version")]
    public void Each_listed_code_is_explained_with_causes_and_advice_for_a_refusal(string code, ReasonCategory category, string mentioned)
    {
        var info = ReasonCatalog.DescribeRefusal(code);

        Assert.True(info.Known);
        Assert.Equal((code, category, ReasonContext.Refusal), (info.Reason, info.Category, info.Context));
        Assert.Contains(mentioned, info.Explanation + " " + string.Join(" ", info.Causes), StringComparison.Ordinal);
        Assert.NotEmpty(info.Causes);
        Assert.False(string.IsNullOrWhiteSpace(info.Advice));
    }

    [Fact]
    public void Server_busy_names_the_reconnect_loop_as_its_sign()
    {
        var info = ReasonCatalog.DescribeRefusal("server_busy");

        Assert.Contains("reconnect loop", info.Advice, StringComparison.Ordinal);
        Assert.Contains(info.Causes, c => c.Contains("reconnect loop", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not_authorized")]
    [InlineData("server_busy")]
    [InlineData("use_another_server")]
    public void A_name_that_is_also_a_disconnect_reason_has_a_text_for_each_context(string name)
    {
        var refusal = ReasonCatalog.DescribeRefusal(name);
        var disconnect = ReasonCatalog.Describe(name);

        Assert.Equal((ReasonContext.Refusal, ReasonContext.Disconnect), (refusal.Context, disconnect.Context));
        Assert.NotEqual(disconnect.Explanation, refusal.Explanation);
    }

    [Fact]
    public void The_disconnect_list_does_not_grow_with_the_refusal_codes()
    {
        Assert.All(ReasonCatalog.All, i => Assert.Equal(ReasonContext.Disconnect, i.Context));
        Assert.All(ReasonCatalog.AllRefusals, i => Assert.Equal(ReasonContext.Refusal, i.Context));
        Assert.False(ReasonCatalog.Describe("bad_username_or_password").Known);
    }

    [Fact]
    public void An_unknown_code_is_kept_verbatim()
    {
        var info = ReasonCatalog.DescribeRefusal("payload_format_invalid_or_new");

        Assert.False(info.Known);
        Assert.Equal(("payload_format_invalid_or_new", ReasonColorGroup.Unrecognised, ReasonContext.Refusal), (info.Reason, info.ColorGroup, info.Context));
        Assert.Contains("'payload_format_invalid_or_new'", info.Explanation, StringComparison.Ordinal);
    }
}
