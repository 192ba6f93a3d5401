using Dashboard.Components.Controls.Charts;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;

namespace Dashboard.Tests.Components;

/// <summary>How the drill-down groups (and so colours) a session by its ending.</summary>
public sealed class SessionEndingsTests
{
    [Theory]
    [InlineData("normal", SessionEndGroup.Normal)]
    [InlineData("takenover", SessionEndGroup.TakenOver)]
    [InlineData("discarded", SessionEndGroup.Discarded)]
    [InlineData("kicked", SessionEndGroup.Kicked)]
    [InlineData("not_authorized", SessionEndGroup.NotAuthorized)]
    [InlineData("tcp_closed", SessionEndGroup.Transport)]
    [InlineData("keepalive_timeout", SessionEndGroup.Transport)]
    [InlineData("tls_alert", SessionEndGroup.Transport)]
    [InlineData("econnrefused", SessionEndGroup.Transport)] // was "other" before the timeline asked the catalogue
    [InlineData("protocol_error", SessionEndGroup.Other)]
    [InlineData("quantum_flux", SessionEndGroup.Other)]
    [InlineData(SessionTimeline.Open, SessionEndGroup.Open)]
    [InlineData(SessionTimeline.Superseded, SessionEndGroup.Superseded)]
    public void An_ending_falls_in_one_group(string ending, SessionEndGroup group)
    {
        Assert.Equal(group, SessionEndings.GroupOf(ending));
    }

    [Fact]
    public void Every_transport_reason_of_the_catalogue_is_drawn_as_a_lost_connection()
    {
        Assert.All(ReasonCatalog.TransportReasons,
            reason => Assert.Equal(SessionEndGroup.Transport, SessionEndings.GroupOf(reason)));
    }
}
