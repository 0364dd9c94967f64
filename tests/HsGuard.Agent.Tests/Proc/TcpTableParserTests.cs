using System.Text;
using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Tests.Proc;

public sealed class TcpTableParserTests
{
    // Copied from this machine's /proc/net/tcp and tcp6 (Linux 6.18), with the kernel's padding.
    private const string Tcp4Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     ";
    private const string Tcp4Listen = "   0: 0100007F:0D05 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 938557 1 0000000012436c5e 100 0 0 10 0                    ";
    private const string Tcp4Established = "   2: 020200C0:CE66 01FFFF0A:0D05 01 00000000:00000000 00:00000000 00000000     0        0 938565 2 00000000071e291c 20 0 0 10 -1                    ";
    private const string Tcp6Header = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    private const string Tcp6Loopback = "   1: 00000000000000000000000001000000:386C 00000000000000000000000001000000:B38E 01 00000000:00000000 00:00000000 00000000     0        0 938562 1 00000000c3c4fcf6 20 0 0 10 -1";
    private const string Tcp6Mapped = "   2: 0000000000000000FFFF00000100007F:386C 0000000000000000FFFF00000100007F:DA48 01 00000000:00000000 00:00000000 00000000     0        0 938564 1 000000003744bdf2 20 0 0 10 -1";
    private const string Tcp6Listen = "   0: 00000000000000000000000000000000:386C 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 938558 1 00000000ce128ed0 100 0 0 10 0";

    private static TcpSocket Parse(string line)
    {
        Assert.True(TcpTableParser.TryParseLine(Encoding.ASCII.GetBytes(line), out var socket), line);
        return socket;
    }

    [Fact]
    public void TryParseLine_RealIpv4Connection_AddressesInNetworkOrder()
    {
        var s = Parse(Tcp4Established);

        Assert.Equal("192.0.2.2", s.LocalAddress.ToString());
        Assert.Equal(52838, s.LocalPort);
        Assert.Equal("10.255.255.1", s.RemoteAddress.ToString());
        Assert.Equal(3333, s.RemotePort);
        Assert.Equal("ESTABLISHED", s.StateName);
        Assert.Equal(938565ul, s.Inode);
        Assert.True(s.HasRemote);
        Assert.False(s.LocalAddress.IsV6);
    }

    [Fact]
    public void TryParseLine_RealListener_HasNoRemote()
    {
        var s = Parse(Tcp4Listen);

        Assert.Equal("127.0.0.1", s.LocalAddress.ToString());
        Assert.Equal(3333, s.LocalPort);
        Assert.Equal("LISTEN", s.StateName);
        Assert.False(s.HasRemote);
        Assert.False(Parse(Tcp6Listen).HasRemote);
        Assert.Equal("::", Parse(Tcp6Listen).LocalAddress.ToString());
    }

    [Fact]
    public void TryParseLine_RealIpv6Loopback_Rendered()
    {
        var s = Parse(Tcp6Loopback);

        Assert.True(s.LocalAddress.IsV6);
        Assert.Equal("::1", s.LocalAddress.ToString());
        Assert.Equal(14444, s.LocalPort);
        Assert.Equal("::1", s.RemoteAddress.ToString());
        Assert.Equal(45966, s.RemotePort);
        Assert.Equal(938562ul, s.Inode);
    }

    [Fact]
    public void TryParseLine_Ipv4MappedIpv6_RenderedAsIpv4()
    {
        var s = Parse(Tcp6Mapped);

        Assert.Equal("127.0.0.1", s.LocalAddress.ToString());
        Assert.Equal("127.0.0.1", s.RemoteAddress.ToString());
        Assert.Equal(55880, s.RemotePort);
    }

    [Fact]
    public void TryParseLine_OtherIpv6_AllWordsInPlace()
    {
        // 2001:db8::1234:5678, each 32-bit word printed from its bytes in host (little-endian) order
        var s = Parse("   0: B80D0120000000000000000078563412:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0");

        Assert.Equal("2001:db8::1234:5678", s.LocalAddress.ToString());
        Assert.Equal(80, s.LocalPort);
    }

    [Theory]
    [InlineData(1, "ESTABLISHED")]
    [InlineData(2, "SYN_SENT")]
    [InlineData(6, "TIME_WAIT")]
    [InlineData(8, "CLOSE_WAIT")]
    [InlineData(10, "LISTEN")]
    [InlineData(12, "NEW_SYN_RECV")]
    [InlineData(99, "99")]
    public void NameOf_States_AsTheKernelNamesThem(byte state, string name)
    {
        Assert.Equal(name, TcpSocket.NameOf(state));
    }

    [Theory]
    [InlineData(Tcp4Header)]
    [InlineData(Tcp6Header)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("   5: 0100007F:0D05 0100007F:ED")]                    // cut short
    [InlineData("   5: 0100007F:0D05 0100007F:ED9A 01 00000000:00000000 00:00000000 00000000     0        0")] // no inode
    [InlineData("   6: 01000G7F:0D05 0100007F:ED9A 01 00000000:00000000 00:00000000 00000000     0        0 938571 1")] // not hex
    [InlineData("   7: 0100007F:0D05 0100007F:ED9AA 01 00000000:00000000 00:00000000 00000000     0        0 938572 1")] // five-digit port
    [InlineData("   7: 0100007F:D05 0100007F:ED9A 01 00000000:00000000 00:00000000 00000000     0        0 938572 1")]  // three-digit port
    [InlineData("   8: 0100007F0D05 0100007F:ED9A 01 00000000:00000000 00:00000000 00000000     0        0 938573 1")]  // no colon
    [InlineData("   8: 00007F:0D05 0100007F:ED9A 01 00000000:00000000 00:00000000 00000000     0        0 938573 1")]    // six-digit address
    [InlineData("   9: 0100007F:0D05 00000000000000000000000001000000:ED9A 01 00000000:00000000 00:00000000 00000000     0        0 1 1")] // v4 to v6
    [InlineData("  10: 0100007F:0D05 0100007F:ED9A 00 00000000:00000000 00:00000000 00000000     0        0 938574 1")] // state 0
    [InlineData("  10: 0100007F:0D05 0100007F:ED9A 1 00000000:00000000 00:00000000 00000000     0        0 938574 1")]  // state of one digit
    [InlineData("  11: 0100007F:0D05 0100007F:ED9A 01 00000000:00000000 00:00000000 00000000     0        0 -5 1")]     // negative inode
    [InlineData("  11: 0100007F:0D05 0100007F:ED9A 01 00000000:00000000 00:00000000 00000000     0        0 99999999999999999999999 1")] // overflow
    [InlineData("xx: 0100007F:0D05 0100007F:ED9A 01 00000000:00000000 00:00000000 00000000     0        0 1 1")]       // no slot number
    public void TryParseLine_HeaderOrHostileLine_Rejected(string line)
    {
        Assert.False(TcpTableParser.TryParseLine(Encoding.ASCII.GetBytes(line), out _));
    }

    [Fact]
    public void ParseLines_CutLastLine_LeftForTheNextChunk()
    {
        string text = Tcp4Header + "\n" + Tcp4Listen + "\n" + Tcp4Established + "\n" + Tcp4Established[..40];
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        var sockets = new List<TcpSocket>();

        int used = TcpTableParser.ParseLines(bytes, sockets);

        Assert.Equal(text.Length - 40, used);
        Assert.Equal([938557ul, 938565ul], sockets.Select(s => s.Inode));
    }

    [Fact]
    public void ParseLines_GarbageBetweenRealLines_SkipsOnlyTheGarbage()
    {
        string text = Tcp6Header + "\n\ngarbage \xff\n" + Tcp6Loopback + "\n" + "   9: 0100007F:0D05\n" + Tcp6Mapped + "\n";
        var sockets = new List<TcpSocket>();

        int used = TcpTableParser.ParseLines(Encoding.Latin1.GetBytes(text), sockets);

        Assert.Equal(Encoding.Latin1.GetByteCount(text), used);
        Assert.Equal([938562ul, 938564ul], sockets.Select(s => s.Inode));
    }
}
