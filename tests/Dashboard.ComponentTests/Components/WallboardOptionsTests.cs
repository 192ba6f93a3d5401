using Dashboard.Components.Pages;

namespace Dashboard.Tests.Components;

public sealed class WallboardOptionsTests
{
    [Fact]
    public void Defaults_are_dark_all_panels_one_hour_and_sixty_seconds()
    {
        var options = WallboardOptions.Parse(null, null, null, null, null, null);

        Assert.True(options.Dark);
        Assert.True(options.ShowHealth);
        Assert.Single(options.Sets);
        Assert.Equal(TimeSpan.Zero, options.Rotate);
        Assert.Equal(TimeSpan.FromHours(1), options.Window);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Stale);
        Assert.Empty(options.Notices);
    }

    [Fact]
    public void A_plus_decoded_to_a_space_still_separates_panels_and_sets_rotate_by_default()
    {
        var options = WallboardOptions.Parse("light", null, "online rates|reasons+conflicts+health", null, "15m", "30");

        Assert.False(options.Dark);
        Assert.Equal([WallboardPanel.Online, WallboardPanel.Rates], options.Sets[0]);
        Assert.Equal([WallboardPanel.Reasons, WallboardPanel.Conflicts], options.Sets[1]);
        Assert.True(options.ShowHealth);
        Assert.Equal(TimeSpan.FromSeconds(WallboardOptions.DefaultRotateSeconds), options.Rotate);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Window);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Stale);
        Assert.Equal(options.Sets[1], options.SetAt(TimeSpan.FromSeconds(45)));
        Assert.Empty(options.Notices);
    }

    [Fact]
    public void Rotate_zero_keeps_the_first_set()
    {
        var options = WallboardOptions.Parse(null, null, "online|rates", "0", null, null);

        Assert.Single(options.Sets);
        Assert.Equal(TimeSpan.Zero, options.Rotate);
        Assert.Empty(options.Notices);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("99999")]
    [InlineData("1e3")]
    public void Out_of_range_numbers_fall_back(string value)
    {
        var options = WallboardOptions.Parse(null, null, null, value, null, value);

        Assert.Equal(TimeSpan.FromSeconds(60), options.Stale);
        Assert.Equal(2, options.Notices.Count);
    }
}
