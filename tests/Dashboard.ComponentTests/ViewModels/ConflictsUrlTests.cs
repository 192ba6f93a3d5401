using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Groups;
using Dashboard.Core.Notifications;
using Dashboard.ViewModels;

namespace Dashboard.Tests.ViewModels;

/// <summary>The Conflicts page's query string, and the service's filtered, sorted page.</summary>
public sealed class ConflictsUrlTests : IDisposable
{
    private readonly LiveOnAClock _live = new();

    public void Dispose() => _live.Dispose();

    public static TheoryData<FindingQuery> Queries() =>
    [
        new FindingQuery(),
        new FindingQuery(State: null, Kind: FindingKind.ReconnectLoop, Severity: FindingSeverity.Critical, Search: "plant-3/", Sort: FindingSort.LastSeen, Reverse: true, Page: 4),
        new FindingQuery(State: FindingState.Resolved, Sort: FindingSort.Client, Reverse: true),
        new FindingQuery(Kind: FindingKind.Flapping, Sort: FindingSort.FirstSeen, Page: 2),
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public void A_query_round_trips_through_its_url_values(FindingQuery query)
    {
        var values = ConflictsUrl.Parameters(query);

        var read = ConflictsUrl.Read(Value("state"), Value("kind"), Value("severity"), Value("q"), Value("sort"), Value("order"), Value("page"));

        Assert.Equal(query, read);
        string? Value(string name) => values[name] as string;
    }

    [Fact]
    public void A_group_round_trips_by_its_defined_name_and_an_unknown_one_reads_as_none()
    {
        var groups = new GroupMatcher([DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!]);
        var query = new FindingQuery(Kind: FindingKind.Flapping) { Group = new GroupFilter(groups, "plant-3") };
        var values = ConflictsUrl.Parameters(query);

        Assert.Equal("plant-3", values["group"]);
        Assert.Equal(query, ConflictsUrl.Read(null, "flapping", null, null, null, null, null, "PLANT-3", groups));
        Assert.Null(ConflictsUrl.Read(null, null, null, null, null, null, null, "plant-4", groups).Group);
        Assert.Null(ConflictsUrl.Read(null, null, null, null, null, null, null, "plant-3", null).Group);
    }

    [Fact]
    public void Defaults_are_left_out_and_directions_are_written_as_shown()
    {
        Assert.All(ConflictsUrl.Parameters(new FindingQuery()).Values, Assert.Null);
        Assert.Equal("desc", ConflictsUrl.Parameters(new FindingQuery(Sort: FindingSort.Client, Reverse: true))["order"]);
        Assert.Equal("asc", ConflictsUrl.Parameters(new FindingQuery(Sort: FindingSort.Count, Reverse: true))["order"]);
        Assert.Equal("all", ConflictsUrl.Parameters(new FindingQuery(State: null))["state"]);

        // order=desc on a sort that is descending anyway is no reversal.
        Assert.False(ConflictsUrl.Read(null, null, null, null, "count", "desc", null).Reverse);
    }

    [Theory]
    [InlineData("ACTIVE", "Flapping", "CRITICAL", "  x  ", "LAST-SEEN", "ASC", "2")]
    public void Names_read_in_any_case_and_the_search_is_trimmed(string state, string kind, string severity, string q, string sort, string order, string page)
    {
        var query = ConflictsUrl.Read(state, kind, severity, q, sort, order, page);

        Assert.Equal(new FindingQuery(FindingState.Active, FindingKind.Flapping, FindingSeverity.Critical, "x", FindingSort.LastSeen, Reverse: true, Page: 2), query);
    }

    [Theory]
    [InlineData("bogus", "nope", "x", "<script>", "maybe", "-3")]
    [InlineData("", "", "", "", "", "0")]
    [InlineData(null, null, null, null, null, "99999999999999")]
    public void Values_that_do_not_read_fall_back_to_the_defaults(string? state, string? kind, string? severity, string? sort, string? order, string? page) =>
        Assert.Equal(new FindingQuery(), ConflictsUrl.Read(state, kind, severity, null, sort, order, page));

    [Fact]
    public void An_overlong_search_is_cut_to_the_limit()
    {
        var query = ConflictsUrl.Read(null, null, null, new string('a', 10_000), null, null, null);

        Assert.Equal(FindingQuery.MaxSearchLength, query.Search!.Length);
    }

    [Fact]
    public void The_service_pages_filters_and_sorts_active_before_resolved()
    {
        var conflicts = new ConflictService(new ConflictDetector(new ConflictOptions()), new ChangeNotifier(TimeSpan.FromMilliseconds(100), _live.Time), _live.Time);
        for (var i = 0; i < 7; i++)
        {
            conflicts.Apply(TestEvents.Swaps(_live.Time.GetUtcNow(), $"plant-{i % 2}/dev-{i}", 3 + i));
        }

        var page = conflicts.GetFindingPage(new FindingQuery(Search: "PLANT-1/", Sort: FindingSort.Count, PageSize: 2, Page: 2));

        // plant-1 has dev-1, dev-3 and dev-5 (4, 6 and 8 takeovers): most first, two a page, page 2 of 2.
        Assert.Equal((3, 2, 2), (page.Total, page.Page, page.Pages));
        Assert.Equal(["plant-1/dev-1"], page.Items.Select(f => f.ClientId));

        var reversed = conflicts.GetFindingPage(new FindingQuery(Search: "plant-1/", Sort: FindingSort.Count, Reverse: true));
        Assert.Equal(["plant-1/dev-1", "plant-1/dev-3", "plant-1/dev-5"], reversed.Items.Select(f => f.ClientId));

        // Past the last page reads as the last; critical only; no match is an empty first page.
        Assert.Equal(4, conflicts.GetFindingPage(new FindingQuery(PageSize: 2, Page: 99)).Page);
        Assert.All(conflicts.GetFindingPage(new FindingQuery(Severity: FindingSeverity.Critical)).Items, f => Assert.Equal(FindingSeverity.Critical, f.Severity));
        var none = conflicts.GetFindingPage(new FindingQuery(Kind: FindingKind.Flapping));
        Assert.Equal((0, 0, 1, 1), (none.Items.Count, none.Total, none.Page, none.Pages));
    }
}
