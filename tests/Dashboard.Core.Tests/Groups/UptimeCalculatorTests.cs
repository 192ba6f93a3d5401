using Dashboard.Core.Groups;
using Dashboard.Core.Maintenance;

namespace Dashboard.Core.Tests.Groups;

/// <summary>Uptime from a table of sessions over a 10-hour range, planned maintenance left out.</summary>
public sealed class UptimeCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = H(0);
    private static readonly DateTimeOffset To = H(10);
    private static readonly GroupMatcher Groups = new([DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!]);

    private static DateTimeOffset H(double hours) => T0.AddHours(hours);

    private static UptimeSession S(string clientId, double from, double? to) => new(clientId, null, null, H(from), to is { } t ? H(t) : null);

    private static MaintenanceWindow W(MaintenanceScope scope, string target, double from, double to, double? endedAt = null) =>
        new(1, scope, target, H(from), H(to), "rollout", "ops", H(from), endedAt is { } e ? H(e) : null);

    private static double? Percent(IEnumerable<UptimeSession> sessions, params MaintenanceWindow[] windows) =>
        UptimeCalculator.Compute(sessions, From, To, windows, Groups)?.Percent;

    [Fact]
    public void An_open_session_counts_up_to_the_end_of_the_range()
    {
        Assert.Equal(70, Percent([S("plant-3/a", -1, 2), S("plant-3/a", 5, null)])!.Value, 6);

        // First seen inside the range: counted from then, so one open session is 100 %.
        Assert.Equal(100, Percent([S("plant-3/a", 5, null)])!.Value, 6);
    }

    [Fact]
    public void A_client_counts_from_its_first_connect_or_the_range_start()
    {
        // Connected before the range, down from 2 h to 4 h: 8 of 10 hours.
        Assert.Equal(80, Percent([S("plant-3/a", -5, 2), S("plant-3/a", 4, null)])!.Value, 6);

        // A session wholly before the range: known, and down the whole range.
        Assert.Equal(0, Percent([S("plant-3/a", -5, -1)])!.Value, 6);
    }

    [Fact]
    public void A_group_from_the_sessions_rollup_counts_the_down_since_before_and_the_returning_from_the_range_start()
    {
        // As the rollup gives them: the sessions overlapping the range, and each client's latest before it.
        UptimeSession[] sessions =
        [
            S("plant-3/down", -30, -20),                        // down since before the range, no event in it: 0 of 10 h
            S("plant-3/back", -30, -20), S("plant-3/back", 6, null), // comes back at 6 h: up 4 of 10 h, not 4 of 4
            S("plant-3/up", -30, null),                         // up all along: 10 of 10 h
            S("plant-3/new", 5, null),                          // first seen at 5 h: 5 of 5 h
            S("plant-3/planned", -30, 2), S("plant-3/planned", 4, null), // down 2-4 h, inside a 1-4 h window: 7 of 7 h
        ];

        var figure = UptimeCalculator.Compute(sessions, From, To, [W(MaintenanceScope.ClientIdPattern, "plant-3/planned", 1, 4)], Groups)!;

        Assert.Equal((TimeSpan.FromHours(0 + 4 + 10 + 5 + 7), TimeSpan.FromHours(10 + 10 + 10 + 5 + 7), 5), (figure.Up, figure.Counted, figure.Clients));
    }

    [Fact]
    public void Overlapping_sessions_and_windows_are_merged_and_planned_time_is_neither_up_nor_down()
    {
        // Up 0-6 (two overlapping sessions), down 6-10; windows 5-7 and 6-8 (merged 5-8) are planned:
        // counted 10 - 3 = 7 hours, up 6 - 1 = 5 hours.
        var figure = UptimeCalculator.Compute(
            [S("plant-3/a", 0, 4), S("plant-3/a", 3, 6)],
            From,
            To,
            [W(MaintenanceScope.Group, "plant-3", 5, 7), W(MaintenanceScope.ClientIdPattern, "plant-3/*", 6, 8)],
            Groups)!;

        Assert.Equal((TimeSpan.FromHours(5), TimeSpan.FromHours(7), 1), (figure.Up, figure.Counted, figure.Clients));
        Assert.Equal(100.0 * 5 / 7, figure.Percent, 6);
    }

    [Fact]
    public void A_window_covers_only_its_clients_and_ends_early_when_ended()
    {
        // other/b is not in plant-3: the group's window does not cover it; an ended window covers up to its end.
        var sessions = new[] { S("plant-3/a", 0, 5), S("other/b", 0, 5) };

        Assert.Equal(100.0 * 5 / 8, Percent([sessions[0]], W(MaintenanceScope.Group, "plant-3", 5, 10, endedAt: 7))!.Value, 6);
        Assert.Equal(50, Percent([sessions[1]], W(MaintenanceScope.Group, "plant-3", 5, 10))!.Value, 6);
        Assert.Equal(100.0 * (5 + 5) / (5 + 10), Percent(sessions, W(MaintenanceScope.Group, "plant-3", 5, 10))!.Value, 6);
    }

    [Fact]
    public void A_window_over_everything_or_no_sessions_give_no_figure_rather_than_zero()
    {
        Assert.Null(Percent([S("plant-3/a", 0, 3)], W(MaintenanceScope.Group, "plant-3", -1, 11)));
        Assert.Null(Percent([]));
        Assert.Null(Percent([S("plant-3/a", 10, null)]));
    }
}
