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

    [Fact]
    public void Groups_are_kept_as_written_in_screens_of_four_rotating_every_thirty_seconds_by_default()
    {
        var names = string.Join(",", Enumerable.Range(1, 10).Select(i => $"plant-{i}"));
        var options = WallboardOptions.Parse(null, null, null, null, null, null, $" {names} ,PLANT-1,,<b>x</b>," + new string('n', 80));

        var groups = options.Groups;
        Assert.Equal(12, groups.Count);
        Assert.Equal([4, 4, 4], groups.Pages.Select(p => p.Count));
        Assert.Equal(["plant-9", "plant-10", "<b>x</b>", new string('n', 64)], groups.Pages[2]);
        Assert.Equal(TimeSpan.FromSeconds(WallboardOptions.DefaultRotateSeconds), groups.Rotate);
        Assert.Equal([0, 1, 2, 0], [groups.IndexAt(TimeSpan.Zero), groups.IndexAt(TimeSpan.FromSeconds(30)), groups.IndexAt(TimeSpan.FromSeconds(65)), groups.IndexAt(TimeSpan.FromSeconds(90))]);
        Assert.Equal("groups 9–12 of 12", groups.Label(2));
        Assert.Equal(TimeSpan.Zero, options.Rotate);
        Assert.Empty(options.Notices);
    }

    [Fact]
    public void Groups_follow_the_given_rotate_and_rotate_zero_keeps_the_first_screen_with_a_notice()
    {
        var names = string.Join(",", Enumerable.Range(1, 6).Select(i => $"g{i}"));

        var every10 = WallboardOptions.Parse(null, null, null, "10", null, null, names).Groups;
        Assert.Equal(TimeSpan.FromSeconds(10), every10.Rotate);
        Assert.Equal(1, every10.IndexAt(TimeSpan.FromSeconds(15)));

        var still = WallboardOptions.Parse(null, null, null, "0", null, null, names);
        Assert.Equal(["g1", "g2", "g3", "g4"], Assert.Single(still.Groups.Pages));
        Assert.Equal(0, still.Groups.IndexAt(TimeSpan.FromMinutes(5)));
        Assert.Null(still.Groups.Label(0));
        Assert.Equal("groups: rotate=0 shows the first 4 of 6", Assert.Single(still.Notices));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(" , ,", 0)]
    [InlineData("a,b,c", 1)]
    [InlineData("a,b,c,d,e", 2)]
    public void Few_or_no_groups_need_no_rotation(string? groups, int screens)
    {
        var parsed = WallboardOptions.Parse(null, null, null, null, null, null, groups).Groups;

        Assert.Equal(screens, parsed.Pages.Count);
        Assert.Equal(screens > 1, parsed.Rotate > TimeSpan.Zero);
    }

    [Fact]
    public void More_than_the_cap_of_groups_are_cut_with_a_notice()
    {
        var options = WallboardOptions.Parse(null, null, null, null, null, null, string.Join(",", Enumerable.Range(1, 60).Select(i => $"g{i}")));

        Assert.Equal(WallboardGroupPages.MaxGroups, options.Groups.Count);
        Assert.Equal(WallboardGroupPages.MaxGroups / WallboardGroupPages.PerScreen, options.Groups.Pages.Count);
        Assert.Equal("groups: 60 named, the first 48 shown", Assert.Single(options.Notices));
    }
}
