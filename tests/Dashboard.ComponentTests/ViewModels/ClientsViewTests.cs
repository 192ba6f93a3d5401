using Dashboard.Core.Live;
using Dashboard.Tests.Components;
using Dashboard.ViewModels;

namespace Dashboard.Tests.ViewModels;

/// <summary>The client list's logic without a renderer: query, search and filter, paging and the texts.</summary>
public sealed class ClientsViewTests : IDisposable
{
    private static readonly DateTimeOffset Now = DashboardTestHost.Start;

    private readonly LiveOnAClock _live = new();
    private readonly ClientsView _view;

    public ClientsViewTests()
    {
        _view = new ClientsView(_live.State, _live.Time);
    }

    public void Dispose() => _live.Dispose();

    [Fact]
    public void The_first_url_query_applies_without_a_restart_and_only_a_changed_one_restarts_the_list()
    {
        Assert.False(_view.ApplyQuery(" dev ", "all"));
        Assert.Equal(("dev", ClientStateFilter.All), (_view.Search, _view.State));

        // A re-render with the same query keeps what was typed on the page.
        Assert.True(_view.SetSearch("sensor"));
        Assert.False(_view.ApplyQuery(" dev ", "all"));
        Assert.Equal("sensor", _view.Search);

        Assert.True(_view.ApplyQuery("pump", "offline"));
        Assert.Equal(("pump", ClientStateFilter.Offline), (_view.Search, _view.State));
    }

    [Fact]
    public void Search_and_filter_report_only_real_changes()
    {
        Assert.False(_view.SetSearch("   "));
        Assert.True(_view.SetSearch(" a "));
        Assert.False(_view.SetSearch("a"));
        Assert.False(_view.SetState(ClientStateFilter.Online));
        Assert.True(_view.SetState(ClientStateFilter.All));
    }

    [Theory]
    [InlineData(null, ClientStateFilter.Online, "No client is online.", "Connected since")]
    [InlineData(null, ClientStateFilter.Offline, "No client has gone offline recently.", "Offline since")]
    [InlineData(null, ClientStateFilter.All, "No clients seen yet.", "Connected / offline since")]
    [InlineData("x", ClientStateFilter.All, "No client matches \"x\".", "Connected / offline since")]
    public void Says_why_the_list_is_empty_and_what_the_time_column_means(string? search, ClientStateFilter state, string empty, string column)
    {
        _view.SetSearch(search);
        _view.SetState(state);

        Assert.Equal(empty, _view.NoRecordsText);
        Assert.Equal(column, _view.SinceColumnTitle);
    }

    [Fact]
    public async Task Loads_the_requested_page_with_the_search_and_sort_and_says_when_nothing_ever_came()
    {
        var empty = await _view.LoadAsync(new ClientPageRequest(0, 10), CancellationToken.None);
        Assert.Empty(empty.Items);
        Assert.True(_view.NoEventsYet);

        _live.State.ApplyBatch([.. Enumerable.Range(0, 5).Select(i => TestEvents.Connected($"pump-{i}", Now.AddSeconds(i))), TestEvents.Connected("fan", Now)]);
        _live.Time.Advance(TimeSpan.FromSeconds(30));
        _view.SetSearch("pump");

        var page = await _view.LoadAsync(new ClientPageRequest(1, 2, nameof(ClientSnapshot.ClientId), Descending: false), CancellationToken.None);

        Assert.Equal(["pump-2", "pump-3"], page.Items.Select(c => c.ClientId));
        Assert.Equal(5, _view.Total);
        Assert.False(_view.NoEventsYet);
        Assert.Equal(Now.AddSeconds(30), _view.Now);
    }

    [Fact]
    public void Ticks_move_the_clock_for_relative_times()
    {
        _live.Time.Advance(TimeSpan.FromSeconds(5));
        _view.Tick();

        Assert.Equal(Now.AddSeconds(5), _view.Now);
    }
}
