using Dashboard.Core.History;

namespace Dashboard.Tests.History;

/// <summary>The <c>ip</c> filter of <c>/api/refused</c>: an address, or the /24 or /48 network the store keeps per row.</summary>
public sealed class PeerFilterTests
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7", false)]
    [InlineData(" 192.0.2.7 ", "192.0.2.7", false)]
    [InlineData("2001:DB8:0:0::1", "2001:db8::1", false)]
    [InlineData("[2001:db8::1]", "2001:db8::1", false)]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7", false)]
    [InlineData("192.0.2.0/24", "192.0.2.0/24", true)]
    [InlineData("192.0.2.77/24", "192.0.2.0/24", true)]
    [InlineData("::ffff:192.0.2.77/24", "192.0.2.0/24", true)]
    [InlineData("2001:db8:1::/48", "2001:db8:1::/48", true)]
    [InlineData("2001:DB8:1:ffff::9/48", "2001:db8:1::/48", true)]
    public void Addresses_and_networks_read_as_the_store_writes_them(string text, string value, bool isNetwork)
    {
        Assert.True(PeerFilter.TryParse(text, out var filter));
        Assert.Equal(new PeerFilter(value, isNetwork), filter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-ip")]
    [InlineData("1")]
    [InlineData("0x7f.1")]
    [InlineData("192.0.2.0/16")]
    [InlineData("192.0.2.0/")]
    [InlineData("2001:db8::/64")]
    [InlineData("2001:db8::/24")]
    [InlineData("192.0.2.0/48")]
    [InlineData("192.0.2.0/24/24")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(PeerFilter.TryParse(text, out _));
    }
}
