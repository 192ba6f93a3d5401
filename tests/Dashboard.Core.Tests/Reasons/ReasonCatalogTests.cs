using Dashboard.Core.Reasons;

namespace Dashboard.Core.Tests.Reasons;

public sealed class ReasonCatalogTests
{
    [Theory]
    [InlineData("normal", ReasonCategory.Graceful)]
    [InlineData("kicked", ReasonCategory.Administrative)]
    [InlineData("keepalive_timeout", ReasonCategory.Timeout)]
    [InlineData("not_authorized", ReasonCategory.Authorization)]
    [InlineData("tcp_closed", ReasonCategory.Network)]
    [InlineData("internal_error", ReasonCategory.Internal)]
    [InlineData("discarded", ReasonCategory.Administrative)]
    [InlineData("takenover", ReasonCategory.Administrative)]
    [InlineData("ssl_closed", ReasonCategory.Network)]
    [InlineData("protocol_error", ReasonCategory.Protocol)]
    [InlineData("frame_too_large", ReasonCategory.Protocol)]
    [InlineData("econnreset", ReasonCategory.Network)]
    [InlineData("use_another_server", ReasonCategory.Administrative)]
    public void The_guides_reasons_and_the_others_in_the_facts_are_explained_with_causes_and_advice(string reason, ReasonCategory category)
    {
        var info = ReasonCatalog.Describe(reason);

        Assert.True(info.Known);
        Assert.Equal(category, info.Category);
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
        Assert.Equal(ReasonCategory.Unrecognised, info.Category);
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
