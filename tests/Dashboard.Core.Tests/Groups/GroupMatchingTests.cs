using Dashboard.Core.Groups;

namespace Dashboard.Core.Tests.Groups;

/// <summary>The group rules: globs, usernames, networks, all criteria together, first match wins.</summary>
public sealed class GroupMatchingTests
{
    [Theory]
    [InlineData("plant-3/*", "plant-3/pump-1", true)]
    [InlineData("plant-3/*", "plant-3/line-1/pump", true)]
    [InlineData("plant-3/*", "plant-3/", true)]
    [InlineData("plant-3/*", "plant-3", false)]
    [InlineData("plant-3/*", "plant-30/pump", false)]
    [InlineData("plant-3/*", "Plant-3/pump", false)]
    [InlineData("*-pump-?", "a-pump-7", true)]
    [InlineData("*-pump-?", "a-pump-17", false)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    [InlineData("**x", "yyx", true)]
    [InlineData("e?", "e😀", true)]
    [InlineData("e??", "e😀", false)]
    [InlineData("*?x", "😀x", true)]
    [InlineData("*😀", "a😀", true)]
    [InlineData("a*?", "a😀", true)]
    public void A_glob_matches_as_documented(string pattern, string value, bool expected)
    {
        var glob = GlobPattern.TryParse(pattern, out var error);
        Assert.Null(error);
        Assert.Equal(expected, glob!.IsMatch(value));
    }

    [Fact]
    public void A_long_adversarial_value_is_matched_quickly()
    {
        var glob = GlobPattern.TryParse("*a*a*a*a*a*a*a*a*b", out _)!;
        var value = new string('a', 65_535);

        Assert.False(glob.IsMatch(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\nb")]
    public void An_empty_or_control_character_pattern_is_refused(string pattern)
    {
        Assert.Null(GlobPattern.TryParse(pattern, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void An_over_long_pattern_is_refused()
    {
        Assert.Null(GlobPattern.TryParse(new string('a', GlobPattern.MaxLength + 1), out var error));
        Assert.Contains("256", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.3.0.0/16", "10.3.200.7", true)]
    [InlineData("10.3.0.0/16", "10.4.0.1", false)]
    [InlineData("10.3.0.0/16", "::ffff:10.3.0.9", true)]
    [InlineData("2001:db8::/48", "2001:db8:0:1::5", true)]
    [InlineData("2001:db8::/48", "2001:db9::5", false)]
    [InlineData("10.3.0.0/16", "not-an-ip", false)]
    [InlineData("10.3.0.0/16", null, false)]
    public void A_network_holds_the_addresses_inside_it(string cidr, string? ip, bool expected)
    {
        var group = DeviceGroup.TryCreate("site", null, null, cidr, out var error);
        Assert.Null(error);
        Assert.Equal(expected, group!.Matches("any", null, ip));
    }

    [Fact]
    public void A_network_written_with_host_bits_is_taken_as_its_network()
    {
        Assert.Equal("10.3.0.0/16", DeviceGroup.TryCreate("site", null, null, " 10.3.0.1/16 ", out _)!.Cidr);
    }

    [Fact]
    public void Every_criterion_that_is_set_must_hold()
    {
        var group = DeviceGroup.TryCreate("plant-3", "plant-3/*", "svc-*", "10.3.0.0/16", out _)!;

        Assert.True(group.Matches("plant-3/a", "svc-meter", "10.3.0.1"));
        Assert.False(group.Matches("plant-4/a", "svc-meter", "10.3.0.1"));
        Assert.False(group.Matches("plant-3/a", "ops", "10.3.0.1"));
        Assert.False(group.Matches("plant-3/a", null, "10.3.0.1"));
        Assert.False(group.Matches("plant-3/a", "svc-meter", "10.9.0.1"));
    }

    [Theory]
    [InlineData("", "a/*", null, null, "Name")]
    [InlineData("plant 3", "a/*", null, null, "Name")]
    [InlineData("plant/3", "a/*", null, null, "Name")]
    [InlineData("<b>", "a/*", null, null, "Name")]
    [InlineData("p", null, null, null, "ClientIdPattern")]
    [InlineData("p", "", null, null, "ClientIdPattern")]
    [InlineData("p", null, "", null, "UsernamePattern")]
    [InlineData("p", null, null, "10.3.0.0/33", "Cidr")]
    [InlineData("p", null, null, "plant-3", "Cidr")]
    public void A_bad_definition_names_its_field(string name, string? clientId, string? username, string? cidr, string field)
    {
        Assert.Null(DeviceGroup.TryCreate(name, clientId, username, cidr, out var error));
        Assert.Equal(field, error!.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_client_belongs_to_the_first_group_that_matches()
    {
        var matcher = new GroupMatcher(
        [
            DeviceGroup.TryCreate("plant-3-meters", "plant-3/meter-*", null, null, out _)!,
            DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!,
            DeviceGroup.TryCreate("lab", null, null, "192.168.0.0/16", out _)!,
        ]);

        Assert.Equal("plant-3-meters", matcher.GroupOf("plant-3/meter-1", null, "192.168.1.1"));
        Assert.Equal("plant-3", matcher.GroupOf("plant-3/pump-1", null, "192.168.1.1"));
        Assert.Equal("lab", matcher.GroupOf("bench-rig", null, "192.168.1.1"));
        Assert.Null(matcher.GroupOf("bench-rig", null, "10.0.0.1"));

        // Membership is exclusive: the meter matches plant-3's pattern too, but an earlier group took it.
        Assert.False(matcher.IsIn("plant-3", "plant-3/meter-1", null, null));
        Assert.True(matcher.IsIn("PLANT-3", "plant-3/pump-1", null, null));
        Assert.Same(matcher.Groups[1], matcher.Find("Plant-3"));
        Assert.Null(matcher.Find("plant-9"));
    }

    [Fact]
    public void No_groups_means_no_group()
    {
        Assert.Null(GroupMatcher.None.GroupOf("anything", "anyone", "10.0.0.1"));
    }
}
