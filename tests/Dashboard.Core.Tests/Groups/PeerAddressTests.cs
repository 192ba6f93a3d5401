using System.Net;
using Dashboard.Core.Groups;

namespace Dashboard.Core.Tests.Groups;

/// <summary>Which peer address texts the group rules read: the plain forms both .NET and PostgreSQL read the same way.</summary>
public sealed class PeerAddressTests
{
    [Theory]
    [InlineData("10.3.0.7", "10.3.0.0/16", true)]
    [InlineData("10.4.0.7", "10.3.0.0/16", false)]
    [InlineData("::ffff:10.3.0.7", "10.3.0.0/16", true)]
    [InlineData("::FFFF:10.3.0.7", "10.3.0.0/16", true)]
    [InlineData("2001:db8::5", "2001:db8::/48", true)]
    [InlineData("2001:db8:1::5", "2001:db8::/48", false)]
    [InlineData("10.3.0.7", "2001:db8::/48", false)]
    [InlineData("010.3.0.7", "10.3.0.0/16", false)]
    [InlineData("10.3", "10.3.0.0/16", false)]
    [InlineData("10.3.0.256", "10.3.0.0/16", false)]
    [InlineData("0x0a.3.0.7", "10.3.0.0/16", false)]
    [InlineData("10.3.0.7/8", "10.3.0.0/16", false)]
    [InlineData("fe80::1%eth0", "fe80::/10", false)]
    [InlineData("[2001:db8::5]", "2001:db8::/48", false)]
    [InlineData(" 10.3.0.7", "10.3.0.0/16", false)]
    [InlineData("0.0.0.0", "0.0.0.0/0", true)]
    [InlineData("255.255.255.255", "0.0.0.0/0", true)]
    [InlineData("10.3.0.7", "10.3.0.7/32", true)]
    [InlineData("10.3.0.6", "10.3.0.7/32", false)]
    [InlineData("10.3.255.255", "10.3.0.0/16", true)]
    [InlineData("10.2.255.255", "10.3.0.0/16", false)]
    [InlineData("172.31.0.1", "172.16.0.0/12", true)]
    [InlineData("172.32.0.1", "172.16.0.0/12", false)]
    [InlineData("10.0.0.0", "10.3.0.0/16", false)]
    [InlineData("10.3.0.00", "10.3.0.0/16", false)]
    [InlineData("10.3.0.", "10.3.0.0/16", false)]
    [InlineData(".10.3.0", "10.3.0.0/16", false)]
    [InlineData("10.3..7", "10.3.0.0/16", false)]
    [InlineData("10.3.0.7.1", "10.3.0.0/16", false)]
    [InlineData("10.3.0.1000", "10.3.0.0/16", false)]
    [InlineData("", "0.0.0.0/0", false)]
    [InlineData("<script>", "0.0.0.0/0", false)]
    [InlineData("undefined", "0.0.0.0/0", false)]
    public void Only_plain_addresses_fall_in_a_network(string text, string network, bool expected) =>
        Assert.Equal(expected, PeerAddress.IsIn(IPNetwork.Parse(network), text));

    [Fact]
    public void A_null_or_over_long_text_is_no_address()
    {
        Assert.Null(PeerAddress.TryParse(null));
        Assert.Null(PeerAddress.TryParse(new string('1', 46)));
        Assert.Equal(IPAddress.Parse("0.0.0.0"), PeerAddress.TryParse("0.0.0.0"));
    }
}
