using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ranges;
using Dashboard.ViewModels;

namespace Dashboard.Tests.ViewModels;

/// <summary>
/// The query strings of Reasons, Refused, Audit and a client's drill-down, and the range they share:
/// state to parameters to state again, defaults left out, and values that do not read fall back.
/// </summary>
public sealed class PageUrlTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeRange Custom = TimeRange.Between(new(2026, 11, 28, 9, 30, 0, TimeSpan.Zero), new(2026, 11, 28, 10, 15, 20, 250, TimeSpan.Zero));

    public static TheoryData<TimeRange> Ranges() =>
        [TimeRange.Last(RangePreset.Hour), TimeRange.Last(RangePreset.FifteenMinutes), TimeRange.Last(RangePreset.Week), Custom];

    [Theory]
    [MemberData(nameof(Ranges))]
    public void A_range_round_trips_through_its_url_values(TimeRange range)
    {
        var values = new Dictionary<string, object?>();
        RangeUrl.Write(values, range, RangePreset.Hour);

        var read = RangeUrl.Read(Value(values, "range"), Value(values, "from"), Value(values, "to"), RangeChoice.Presets, RangePreset.Hour, Now);

        Assert.Equal(range, read);
    }

    [Fact]
    public void The_default_range_is_left_out_and_a_custom_one_is_written_in_utc_to_the_minute_when_it_can_be()
    {
        var values = new Dictionary<string, object?>();
        RangeUrl.Write(values, TimeRange.Last(RangePreset.Hour), RangePreset.Hour);
        Assert.All(values.Values, Assert.Null);

        RangeUrl.Write(values, TimeRange.Between(new(2026, 11, 28, 11, 0, 0, TimeSpan.FromHours(1)), new(2026, 11, 28, 10, 30, 5, TimeSpan.Zero)), RangePreset.Hour);
        Assert.Equal([null, "2026-11-28T10:00Z", "2026-11-28T10:30:05Z"], [values["range"], values["from"], values["to"]]);
    }

    [Theory]
    [InlineData("7D", null, null, "7d")]
    [InlineData("custom", null, null, "1h")]
    [InlineData("2h", null, null, "1h")]
    [InlineData("<script>", null, null, "1h")]
    [InlineData("24h", "2026-11-28T10:00Z", null, "24h")]
    [InlineData(null, "2026-11-28T10:00Z", "2026-11-28T09:00Z", "1h")]
    [InlineData(null, "1999-12-31T00:00Z", "2026-11-28T09:00Z", "1h")]
    [InlineData(null, "2026-11-28T10:00Z", "2030-01-01T00:00Z", "1h")]
    [InlineData(null, "yesterday", "today", "1h")]
    public void A_range_that_does_not_read_falls_back_to_a_preset(string? range, string? from, string? to, string expected) =>
        Assert.Equal(expected, RangeUrl.Read(range, from, to, RangeChoice.Presets, RangePreset.Hour, Now).Preset.Name);

    [Fact]
    public void A_custom_range_reads_iso_with_an_offset_or_unix_milliseconds_and_an_overlong_time_not_at_all()
    {
        var range = RangeUrl.Read("7d", "2026-11-28T11:00+02:00", "1795860000000", RangeChoice.Presets, RangePreset.Hour, Now);

        Assert.Equal((new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero), DateTimeOffset.FromUnixTimeMilliseconds(1795860000000)), range.At(Now));
        Assert.Equal(RangePreset.Hour, RangeUrl.Read(null, "2026-11-28T10:00Z" + new string(' ', 100) + "x", "2026-11-28T11:00Z", RangeChoice.Presets, RangePreset.Hour, Now).Preset);
    }

    public static TheoryData<ReasonsState> ReasonsStates() =>
        [ReasonsState.Default, new(TimeRange.Last(RangePreset.Day), "keepalive_timeout"), new(Custom, "weird <b>reason</b> & ü")];

    [Theory]
    [MemberData(nameof(ReasonsStates))]
    public void Reasons_round_trip(ReasonsState state)
    {
        var values = ReasonsUrl.Parameters(state);

        Assert.Equal(state, ReasonsUrl.Read(Value(values, "range"), Value(values, "from"), Value(values, "to"), Value(values, "reason"), Now));
    }

    [Fact]
    public void Reasons_leave_defaults_out_and_drop_a_reason_longer_than_any_stored()
    {
        Assert.All(ReasonsUrl.Parameters(ReasonsState.Default).Values, Assert.Null);
        Assert.Equal(ReasonsState.Default, ReasonsUrl.Read("bogus", "x", null, new string('r', ReasonsUrl.MaxReasonLength + 1), Now));
        var groups = new Dashboard.Core.Groups.GroupMatcher([Dashboard.Core.Groups.DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!]);
        var grouped = ReasonsState.Default with { Group = new Dashboard.Core.Groups.GroupFilter(groups, "plant-3") };
        Assert.Equal("plant-3", ReasonsUrl.Parameters(grouped)["group"]);
        Assert.Equal(grouped, ReasonsUrl.Read(null, null, null, null, Now, "Plant-3", groups));
        Assert.Equal(ReasonsState.Default, ReasonsUrl.Read(null, null, null, null, Now, "plant-4", groups));
        Assert.Equal(ReasonsState.Default, ReasonsUrl.Read(null, null, null, "   ", Now));
    }

    public static TheoryData<RefusedState> RefusedStates() =>
    [
        RefusedState.Default,
        new(TimeRange.Last(RangePreset.Week), new RefusedFilter { ClientId = "dev/1 <x>", ReasonCode = "banned" }, OffenderKey.Network),
        new(Custom, new RefusedFilter { Peer = new PeerFilter("192.0.2.0/24", true), Username = "bob", Kind = AccessEventKind.Authentication }, OffenderKey.PeerIp),
        new(TimeRange.Last(RangePreset.Hour), new RefusedFilter { Peer = new PeerFilter("2001:db8::1", false), Kind = AccessEventKind.Connack }, OffenderKey.Username),
    ];

    [Theory]
    [MemberData(nameof(RefusedStates))]
    public void Refused_round_trips(RefusedState state)
    {
        var values = RefusedUrl.Parameters(state);

        var read = RefusedUrl.Read(values.ToDictionary(v => v.Key, v => (string?)v.Value), Now, out var problem);

        Assert.Equal(state, read);
        Assert.Null(problem);
    }

    [Fact]
    public void Refused_keeps_the_names_other_pages_link_with_and_leaves_defaults_out()
    {
        Assert.All(RefusedUrl.Parameters(RefusedState.Default).Values, Assert.Null);

        var read = RefusedUrl.Read(new Dictionary<string, string?> { ["clientId"] = "dev-2", ["ip"] = "192.0.2.7", ["reasonCode"] = "banned", ["kind"] = "CONNACK", ["tab"] = "Network" }, Now, out _);

        Assert.Equal(new RefusedFilter { ClientId = "dev-2", Peer = new PeerFilter("192.0.2.7", false), ReasonCode = "banned", Kind = AccessEventKind.Connack }, read.Filter);
        Assert.Equal(OffenderKey.Network, read.Tab);
    }

    [Fact]
    public void Refused_takes_a_group_in_force_and_leaves_out_one_that_is_not()
    {
        var groups = new Dashboard.Core.Groups.GroupMatcher([Dashboard.Core.Groups.DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!]);
        var state = RefusedState.Default with { Filter = new RefusedFilter { Group = new Dashboard.Core.Groups.GroupFilter(groups, "plant-3") } };

        var values = RefusedUrl.Parameters(state);

        Assert.Equal("plant-3", values["group"]);
        Assert.Equal(state, RefusedUrl.Read(values.ToDictionary(v => v.Key, v => (string?)v.Value), Now, out _, groups));
        Assert.Null(RefusedUrl.Read(new Dictionary<string, string?> { ["group"] = "plant-4" }, Now, out _, groups).Filter.Group);
    }

    [Fact]
    public void Refused_values_that_do_not_read_are_left_out_and_an_address_that_is_not_one_says_so()
    {
        var values = new Dictionary<string, string?>
        {
            ["ip"] = "not an address", ["kind"] = "authorization", ["tab"] = "<script>", ["range"] = "1y",
            ["clientId"] = new string('x', RefusedFilter.MaxLength + 1), ["username"] = " ",
        };

        var read = RefusedUrl.Read(values, Now, out var problem);

        Assert.Equal(RefusedState.Default, read);
        Assert.Equal(RefusedFilter.IpProblem, problem);
    }

    public static TheoryData<AuditQuery> AuditQueries() =>
        [AuditQuery.Default, new("acknowledge", "failure", "ops", "plant-3/", 3), new(Search: "<img src=x>", Page: 2)];

    [Theory]
    [MemberData(nameof(AuditQueries))]
    public void Audit_round_trips(AuditQuery query)
    {
        var values = AuditUrl.Parameters(query);

        Assert.Equal(query, AuditUrl.Read(Value(values, "action"), Value(values, "outcome"), Value(values, "actor"), Value(values, "q"), Value(values, "page")));
    }

    [Theory]
    [InlineData(" ", "", null, "  ", "0")]
    [InlineData(null, null, null, null, "-1")]
    [InlineData(null, null, null, null, "99999999999999")]
    [InlineData(null, null, null, null, "2.5")]
    public void Audit_values_that_do_not_read_fall_back_to_the_defaults(string? action, string? outcome, string? actor, string? q, string? page)
    {
        Assert.Equal(AuditQuery.Default, AuditUrl.Read(action, outcome, actor, q, page));
        Assert.All(AuditUrl.Parameters(AuditQuery.Default).Values, Assert.Null);
        Assert.Null(AuditUrl.Read(null, null, null, new string('q', AuditQuery.MaxTextLength + 1), null).Search);
    }

    public static TheoryData<ClientDetailState> DetailStates() =>
        [ClientDetailState.Default, new(TimeRange.Last(RangePreset.Hour), "refused", "not_authorized"), new(Custom, "disconnected"), new(TimeRange.Last(RangePreset.Week), Reason: "kicked")];

    [Theory]
    [MemberData(nameof(DetailStates))]
    public void A_client_drill_down_round_trips(ClientDetailState state)
    {
        var values = ClientDetailUrl.Parameters(state);

        Assert.Equal(state, ClientDetailUrl.Read(Value(values, "range"), Value(values, "from"), Value(values, "to"), Value(values, "kind"), Value(values, "reason"), Now));
    }

    [Fact]
    public void A_client_drill_down_offers_its_own_presets_and_drops_an_unknown_kind()
    {
        Assert.All(ClientDetailUrl.Parameters(ClientDetailState.Default).Values, Assert.Null);

        // 15m is not one of the drill-down's ranges; 24h is its default.
        Assert.Equal(ClientDetailState.Default, ClientDetailUrl.Read("15m", null, null, "<b>all</b>", null, Now));
        Assert.Equal("authn failed", ClientDetailUrl.Read(null, null, null, "AUTHN FAILED", null, Now).Kind);
    }

    private static string? Value(IReadOnlyDictionary<string, object?> values, string name) => values.GetValueOrDefault(name) as string;
}
