using Dashboard.Simulator.Fleet;

namespace Dashboard.Simulator.Tests;

public sealed class FleetScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly FleetSchedule Schedule = new(Start, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));

    [Theory]
    [InlineData(0, null)]
    [InlineData(9.99, null)]
    [InlineData(10.0, 11.0)]
    [InlineData(10.5, 11.0)]
    [InlineData(11, null)]
    [InlineData(15, null)]
    [InlineData(20.0, 21.0)]
    [InlineData(-1, null)]
    public void The_stale_password_is_used_in_the_first_minute_of_every_tenth(double minutes, double? until)
    {
        var result = Schedule.UnderWayUntil(Start.AddMinutes(minutes));

        Assert.Equal(until is null ? null : Start.AddMinutes(until.Value), result);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(9.99, 10)]
    [InlineData(10, 20)]
    [InlineData(25, 30)]
    [InlineData(-1, 10)]
    public void The_next_rotation_is_the_next_multiple_of_the_period(double minutes, double next) =>
        Assert.Equal(Start.AddMinutes(next), Schedule.NextStart(Start.AddMinutes(minutes)));
}
