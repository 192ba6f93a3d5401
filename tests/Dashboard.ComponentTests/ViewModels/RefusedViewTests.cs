using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.History;
using Dashboard.Core.Refusals;
using Dashboard.Tests.Components;
using Dashboard.ViewModels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.ViewModels;

/// <summary>The refused page's logic without a renderer: the filter it takes, and what it says when history cannot answer.</summary>
public sealed class RefusedViewTests
{
    private readonly Shared.ManualTimeProvider _time = new(DashboardTestHost.Start);

    [Fact]
    public async Task A_history_that_cannot_answer_gives_a_message_without_internals()
    {
        // This store has no refused queries: every one throws, as a broken database would.
        var store = new InMemoryHistoryStore();
        var view = new RefusedView(new RefusalCounter(_time), store, _time, NullLogger.Instance);

        await view.ReadAsync(LiveTriggers.Reload, CancellationToken.None);
        Assert.StartsWith("History could not be read (memory)", view.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(new NotSupportedException().Message, view.Error, StringComparison.Ordinal);
        Assert.Empty(view.Rows);
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7", false)]
    [InlineData("192.0.2.99/24", "192.0.2.0/24", true)]
    [InlineData("2001:db8:1::5/48", "2001:db8:1::/48", true)]
    public void An_ip_filter_is_an_address_or_the_network_the_store_keeps(string typed, string value, bool network)
    {
        var filter = RefusedFilter.Read(null, " ", typed, out var problem);

        Assert.Null(problem);
        Assert.Equal(new PeerFilter(value, network), filter!.Peer);
        Assert.Null(filter.ClientId);
    }

    [Theory]
    [InlineData("10.0.0.0/16")]
    [InlineData("1")]
    [InlineData("sensor-1")]
    public void Anything_else_typed_as_an_ip_is_refused_with_a_message(string typed)
    {
        Assert.Null(RefusedFilter.Read(null, null, typed, out var problem));
        Assert.Contains("/24 IPv4 network", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_longer_than_any_stored_one_is_refused_with_a_message_naming_it()
    {
        Assert.Null(RefusedFilter.Read(null, new string('x', RefusedFilter.MaxLength + 1), null, out var problem));
        Assert.Contains("client ID", problem, StringComparison.Ordinal);
    }
}
