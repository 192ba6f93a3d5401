using Dashboard.Core.Maintenance;

namespace Dashboard.Core.Tests.Maintenance;

public sealed class MaintenanceWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static MaintenanceWindow Window(DateTimeOffset? endedAt = null) =>
        new(1, MaintenanceScope.Group, "plant-3", T0, T0.AddHours(2), "firmware rollout", "ops", T0.AddHours(-1), endedAt);

    [Fact]
    public void A_window_is_in_force_from_its_start_up_to_but_not_including_its_end()
    {
        var window = Window();

        Assert.False(window.IsActiveAt(T0.AddTicks(-1)));
        Assert.True(window.IsActiveAt(T0));
        Assert.True(window.IsActiveAt(T0.AddHours(2).AddTicks(-1)));
        Assert.False(window.IsActiveAt(T0.AddHours(2)));
    }

    [Fact]
    public void An_early_end_shortens_the_window_and_a_late_one_does_not_lengthen_it()
    {
        Assert.Equal(T0.AddMinutes(30), Window(T0.AddMinutes(30)).EffectiveTo);
        Assert.False(Window(T0.AddMinutes(30)).IsActiveAt(T0.AddMinutes(45)));
        Assert.Equal(T0.AddHours(2), Window(T0.AddHours(5)).EffectiveTo);
    }
}
