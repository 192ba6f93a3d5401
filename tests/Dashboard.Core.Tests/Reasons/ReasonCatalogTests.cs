using Dashboard.Core.Reasons;

namespace Dashboard.Core.Tests.Reasons;

public sealed class ReasonCatalogTests
{
    [Theory]
    [InlineData("normal", ReasonColorGroup.Graceful)]
    [InlineData("kicked", ReasonColorGroup.Administrative)]
    [InlineData("keepalive_timeout", ReasonColorGroup.Timeout)]
    [InlineData("not_authorized", ReasonColorGroup.Authorization)]
    [InlineData("tcp_closed", ReasonColorGroup.Network)]
    [InlineData("internal_error", ReasonColorGroup.Internal)]
    [InlineData("discarded", ReasonColorGroup.Administrative)]
    [InlineData("takenover", ReasonColorGroup.Administrative)]
    [InlineData("ssl_closed", ReasonColorGroup.Network)]
    [InlineData("protocol_error", ReasonColorGroup.Protocol)]
    [InlineData("frame_too_large", ReasonColorGroup.Protocol)]
    [InlineData("econnreset", ReasonColorGroup.Network)]
    [InlineData("use_another_server", ReasonColorGroup.Administrative)]
    public void The_guides_reasons_and_the_others_in_the_facts_are_explained_with_causes_and_advice(string reason, ReasonColorGroup group)
    {
        var info = ReasonCatalog.Describe(reason);

        Assert.True(info.Known);
        Assert.Equal(group, info.ColorGroup);
        Assert.False(string.IsNullOrWhiteSpace(info.Explanation));
        Assert.NotEmpty(info.Causes);
        Assert.False(string.IsNullOrWhiteSpace(info.Advice));
    }

    [Fact]
    public void Keepalive_timeout_names_jitter_and_a_faulty_heartbeat_and_not_authorized_names_acl_nomatch()
    {
        Assert.Contains(ReasonCatalog.Describe("keepalive_timeout").Causes, c => c.Contains("jitter", StringComparison.Ordinal));
        Assert.Contains(ReasonCatalog.Describe("keepalive_timeout").Causes, c => c.Contains("heartbeat", StringComparison.Ordinal));
        Assert.Contains("acl_nomatch", ReasonCatalog.Describe("not_authorized").Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_reason_is_kept_verbatim_as_unrecognised()
    {
        var info = ReasonCatalog.Describe("quantum_flux");

        Assert.False(info.Known);
        Assert.Equal("quantum_flux", info.Reason);
        Assert.Equal(ReasonColorGroup.Unrecognised, info.ColorGroup);
        Assert.Equal(ReasonCategory.Unknown, info.Category);
        Assert.StartsWith("Unrecognised reason 'quantum_flux'", info.Explanation, StringComparison.Ordinal);
        Assert.Null(ReasonCatalog.Explain("quantum_flux"));
        Assert.Null(ReasonCatalog.Explain(null));
    }

    [Fact]
    public void Only_takeover_and_discard_mean_another_connection_replaced_the_session()
    {
        Assert.Equal(["discarded", "takenover"], ReasonCatalog.All.Where(i => i.IsReplacement).Select(i => i.Reason).Order());
    }
}
