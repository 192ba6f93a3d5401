using Dashboard.Core.Events;

namespace Dashboard.Core.Tests.Parsing;

public sealed class PeerAddressTests
{
    [Theory]
    [InlineData("172.18.0.1:53122", "172.18.0.1", 53122)]
    [InlineData(" 172.18.0.1:53122 ", "172.18.0.1", 53122)]
    [InlineData("2400:3200:1600::1234:50622", "2400:3200:1600::1234", 50622)]
    [InlineData("::1:1883", "::1", 1883)]
    [InlineData("::ffff:192.168.0.10:56431", "192.168.0.10", 56431)]
    [InlineData("[::ffff:192.168.0.10]:56431", "192.168.0.10", 56431)]
    [InlineData("[2001:DB8::1]:8883", "2001:db8::1", 8883)]
    [InlineData("[2001:db8::1]", "2001:db8::1", null)]
    [InlineData("[2001:db8::1]:notaport", "2001:db8::1", null)]
    [InlineData("172.18.0.1", "172.18.0.1", null)]
    [InlineData("172.18.0.1:", "172.18.0.1", null)]
    [InlineData("172.18.0.1:abc", "172.18.0.1", null)]
    [InlineData("172.18.0.1:65536", "172.18.0.1", null)]
    [InlineData("172.18.0.1:0", "172.18.0.1", 0)]
    [InlineData("fe80::1", "fe80::1", null)]
    [InlineData("2400:3200:1600::1234", "2400:3200:1600::1234", null)]
    [InlineData("::1", "::1", null)]
    [InlineData("Broker.Local:8080", "broker.local", 8080)]
    [InlineData("Not An Address", "not an address", null)]
    public void Split(string peername, string ip, int? port)
    {
        Assert.True(PeerAddress.TrySplit(peername, out var actualIp, out var actualPort));
        Assert.Equal(ip, actualIp);
        Assert.Equal(port, actualPort);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Split_rejects_blank(string? peername)
    {
        Assert.False(PeerAddress.TrySplit(peername, out var ip, out var port));
        Assert.Null(ip);
        Assert.Null(port);
    }

    [Theory]
    [InlineData("10.20.5.17", "10.20.5.17")]
    [InlineData("::FFFF:10.20.5.17", "10.20.5.17")]
    [InlineData("::ffff:a14:511", "10.20.5.17")]
    [InlineData("2400:3200:1600:0000:0000:0000:0000:1234", "2400:3200:1600::1234")]
    [InlineData("2001:DB8::ABCD", "2001:db8::abcd")]
    [InlineData("[2001:db8::1]", "2001:db8::1")]
    [InlineData(" 10.0.0.1 ", "10.0.0.1")]
    [InlineData("Gateway-Host", "gateway-host")]
    [InlineData("1", "1")]
    [InlineData("0x7f.1", "0x7f.1")]
    public void Normalise(string input, string expected)
    {
        Assert.Equal(expected, PeerAddress.NormaliseIp(input));
    }

    [Fact]
    public void Normalise_returns_canonical_ipv4_unchanged()
    {
        const string ip = "172.18.0.1";

        Assert.Same(ip, PeerAddress.NormaliseIp(ip));
    }
}
