using System.Text;
using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Tests.Proc;

public sealed class StatParserTests
{
    private const string Tail = "S 1 100 100 0 -1 4194560 120 0 3 0 1500 250 0 0 20 0 4 0 90000 10000000 2500 "
        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

    private static (bool Ok, StatFields Fields, string Comm) Parse(byte[] line)
    {
        bool ok = StatParser.TryParse(line, out var f);
        string comm = ok ? ProcText.Decode(line.AsSpan(f.CommStart, f.CommLength)) : "";
        return (ok, f, comm);
    }

    private static byte[] Line(string comm) => Encoding.UTF8.GetBytes($"4242 ({comm}) {Tail}");

    [Fact]
    public void TryParse_RealLine_ReadsEveryField()
    {
        var (ok, f, comm) = Parse(Line("bash"));

        Assert.True(ok);
        Assert.Equal(4242, f.Pid);
        Assert.Equal("bash", comm);
        Assert.Equal((byte)'S', f.State);
        Assert.Equal(1, f.ParentPid);
        Assert.Equal(100, f.ProcessGroup);
        Assert.Equal(100, f.Session);
        Assert.Equal(4194560u, f.Flags);
        Assert.Equal(120ul, f.MinorFaults);
        Assert.Equal(3ul, f.MajorFaults);
        Assert.Equal(1500ul, f.UserTicks);
        Assert.Equal(250ul, f.SystemTicks);
        Assert.Equal(20, f.Priority);
        Assert.Equal(0, f.Nice);
        Assert.Equal(4, f.Threads);
        Assert.Equal(90000ul, f.StartTicks);
        Assert.Equal(10000000ul, f.VirtualBytes);
        Assert.Equal(2500, f.ResidentPages);
        Assert.False(f.IsKernelThread);
    }

    [Theory]
    [InlineData("dotnet (nested) space")] // dotnet/runtime procfsTests
    [InlineData("(a)))b)")]
    [InlineData("a b c")]
    [InlineData(") S 1 2 3")]              // a name that imitates the fields after it
    [InlineData("two\nlines")]
    [InlineData("")]
    [InlineData("kworker/0:1-events")]
    public void TryParse_HostileName_EndsAtLastParenthesis(string name)
    {
        var (ok, f, comm) = Parse(Line(name));

        Assert.True(ok);
        Assert.Equal(name, comm);
        Assert.Equal(1500ul, f.UserTicks);
        Assert.Equal(90000ul, f.StartTicks);
    }

    [Fact]
    public void TryParse_NonUtf8Name_KeepsTheBytesVisible()
    {
        byte[] line = [.. "7 (bad"u8, 0xff, 0xfe, .. "x) "u8, .. Encoding.ASCII.GetBytes(Tail)];

        var (ok, _, comm) = Parse(line);

        Assert.True(ok);
        Assert.Equal("bad\\xff\\xfex", comm);
    }

    [Fact]
    public void TryParse_KernelThreadFlags_Recognised()
    {
        byte[] line = Encoding.ASCII.GetBytes("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 3 0 0 20 0 1 0 1 0 0 "
            + "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");

        Assert.True(StatParser.TryParse(line, out var f));
        Assert.True(f.IsKernelThread);
        Assert.Equal(0, f.ResidentPages);
    }

    [Fact]
    public void TryParse_NegativeNice_Parsed()
    {
        string tail = Tail.Replace(" 20 0 4 ", " 0 -20 4 ", StringComparison.Ordinal);
        Assert.True(StatParser.TryParse(Encoding.ASCII.GetBytes("9 (x) " + tail), out var f));
        Assert.Equal(-20, f.Nice);
    }

    [Fact]
    public void TryParse_LineEndingAtRss_Parsed()
    {
        // Up to rss (field 24): all we read.
        byte[] line = Encoding.ASCII.GetBytes("9 (x) S 1 9 9 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 77 100 3");

        Assert.True(StatParser.TryParse(line, out var f));
        Assert.Equal(77ul, f.StartTicks);
        Assert.Equal(3, f.ResidentPages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello world\n")]
    [InlineData("104 (cut) S 1 104 104 0 -1 4194560 100")]          // truncated before utime
    [InlineData("(nopid) S 1 2 3")]
    [InlineData("12 nocomm S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22")]
    [InlineData("12 (x)S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22")]  // no space after ')'
    [InlineData("12 (x) SS 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22")] // state of two letters
    [InlineData("12 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 99999999999999999999999 21 22")] // overflow
    [InlineData("12 (x) S 1 2 3 4 5 6 7 8 9 10 1a 12 13 14 15 16 17 18 19 20 21 22")] // a letter in a number
    [InlineData("12 (x) S 1  2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22")] // two spaces
    [InlineData("-5 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22")]
    [InlineData("12 (x")]
    [InlineData("12 x)")]
    public void TryParse_MalformedOrTruncated_ReturnsFalse(string line)
    {
        Assert.False(StatParser.TryParse(Encoding.ASCII.GetBytes(line), out _));
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(4242);
        byte[] good = Line("fuzz (me)");
        for (int i = 0; i < 20_000; i++)
        {
            byte[] line = good[..random.Next(good.Length + 1)];
            if (line.Length > 0 && random.Next(2) == 0)
            {
                line[random.Next(line.Length)] = (byte)random.Next(256);
            }
            StatParser.TryParse(line, out var f);
            Assert.True(f.CommStart + f.CommLength <= line.Length);
        }
    }
}
