using Dashboard.Core.Groups;
using Dashboard.Core.Maintenance;

namespace Dashboard.Core.Tests.Maintenance;

/// <summary>The in-memory calendar: which disconnects a window plans, by scope and time, and which windows a range overlaps.</summary>
public sealed class MaintenanceCalendarTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static readonly GroupMatcher Plants = new(
    [
        DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!,
        DeviceGroup.TryCreate("lab", null, null, "10.9.0.0/16", out _)!,
    ]);

    private static MaintenanceWindow Window(long id, MaintenanceScope scope, string target, int fromMinutes, int toMinutes, int? endedMinutes = null) =>
        new(id, scope, target, T0.AddMinutes(fromMinutes), T0.AddMinutes(toMinutes), "work", "ops", T0.AddHours(-1), endedMinutes is { } e ? T0.AddMinutes(e) : null);

    private static MaintenanceCalendar Calendar(params MaintenanceWindow[] windows)
    {
        var calendar = new MaintenanceCalendar(new StaticDeviceGroups(Plants));
        calendar.Replace(windows);
        return calendar;
    }

    public static TheoryData<string, string?, int, bool> PlannedCases => new()
    {
        // client ID, IP, minute after T0, planned?
        { "pump-7", "10.0.0.1", 0, true },          // the pattern window at its start
        { "pump-7", "10.0.0.1", 59, true },
        { "pump-7", "10.0.0.1", 60, false },        // its end is not in it
        { "pump-7", "10.0.0.1", -1, false },        // before it
        { "valve-1", "10.0.0.1", 30, false },       // not matching the pattern
        { "plant-3/line-1/pump", "10.0.0.1", 120, true }, // the group window: a member by client ID
        { "plant-3/line-1/pump", "10.0.0.1", 180, false }, // ended early at 150
        { "plant-4/pump", "10.0.0.1", 120, false },  // not a member
        { "sensor", "10.9.1.1", 120, false },        // a member of lab, not of plant-3
    };

    [Theory]
    [MemberData(nameof(PlannedCases))]
    public void A_disconnect_is_planned_only_inside_a_window_that_covers_the_client(string clientId, string? ip, int minute, bool planned)
    {
        var calendar = Calendar(
            Window(1, MaintenanceScope.ClientIdPattern, "pump-*", 0, 60),
            Window(2, MaintenanceScope.Group, "plant-3", 90, 240, endedMinutes: 150));

        Assert.Equal(planned, calendar.IsPlanned(clientId, "user", ip, T0.AddMinutes(minute)));
    }

    [Fact]
    public void A_window_covers_a_client_by_its_pattern_or_its_group_whatever_the_time()
    {
        var pattern = Window(1, MaintenanceScope.ClientIdPattern, "pump-*", 0, 60);
        var group = Window(2, MaintenanceScope.Group, "lab", 0, 60);

        Assert.True(pattern.Covers("pump-7", null, null, Plants));
        Assert.False(pattern.Covers("valve-7", null, null, Plants));
        Assert.True(group.Covers("sensor", null, "10.9.1.1", Plants));
        Assert.False(group.Covers("plant-3/sensor", null, "10.9.1.1", Plants)); // plant-3 matches first
        Assert.False(group.Covers("sensor", null, "10.9.1.1", GroupMatcher.None));
    }

    [Fact]
    public void A_group_window_follows_the_groups_as_they_are_when_asked()
    {
        var groups = new SwitchableGroups(GroupMatcher.None);
        var calendar = new MaintenanceCalendar(groups);
        calendar.Replace([Window(1, MaintenanceScope.Group, "plant-3", 0, 60)]);

        Assert.False(calendar.IsPlanned("plant-3/a", null, null, T0.AddMinutes(1)));
        groups.Current = Plants;
        Assert.True(calendar.IsPlanned("plant-3/a", null, null, T0.AddMinutes(1)));
    }

    [Fact]
    public void Overlapping_gives_the_windows_touching_a_range_oldest_first_with_ended_ones_and_without_called_off_ones()
    {
        var early = Window(1, MaintenanceScope.ClientIdPattern, "a*", 0, 60);
        var endedEarly = Window(2, MaintenanceScope.ClientIdPattern, "b*", 30, 300, endedMinutes: 90);
        var later = Window(3, MaintenanceScope.Group, "plant-3", 120, 180);
        var calledOff = Window(4, MaintenanceScope.ClientIdPattern, "c*", 100, 200, endedMinutes: 50);
        var calendar = Calendar(later, calledOff, endedEarly, early);

        Assert.Equal([early, endedEarly, later], calendar.Overlapping(T0, T0.AddHours(5)));
        Assert.Equal([endedEarly], calendar.Overlapping(T0.AddMinutes(60), T0.AddMinutes(90)));
        Assert.Empty(calendar.Overlapping(T0.AddMinutes(90), T0.AddMinutes(120)));
        Assert.Equal([early], calendar.Overlapping(T0.AddMinutes(-10), T0.AddMinutes(1)));
        Assert.Empty(calendar.Overlapping(T0.AddMinutes(-10), T0));
    }

    [Fact]
    public void In_force_and_upcoming_split_the_windows_at_a_moment_and_replace_raises_changed()
    {
        var now = Window(1, MaintenanceScope.ClientIdPattern, "a*", 0, 60);
        var soon = Window(2, MaintenanceScope.ClientIdPattern, "b*", 30, 90);
        var past = Window(3, MaintenanceScope.ClientIdPattern, "c*", -60, -30);
        var calendar = new MaintenanceCalendar(new StaticDeviceGroups(Plants));
        var changes = 0;
        calendar.Changed += () => changes++;
        calendar.Replace([past, soon, now]);

        Assert.Equal(1, changes);
        Assert.Equal([now], calendar.InForce(T0.AddMinutes(10)));
        Assert.Equal([soon], calendar.Upcoming(T0.AddMinutes(10)));
        Assert.Equal([past, now, soon], calendar.All);
    }

    private sealed class SwitchableGroups(GroupMatcher initial) : IDeviceGroups
    {
        public GroupMatcher Current { get; set; } = initial;

        public event Action? Changed
        {
            add { }
            remove { }
        }
    }
}
