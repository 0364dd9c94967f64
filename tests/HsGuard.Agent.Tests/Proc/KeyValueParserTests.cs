using System.Text;
using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Tests.Proc;

public sealed class KeyValueParserTests
{
    private const string Status = "Name:\tkthreaddi\nUmask:\t0022\nState:\tR (running)\nUid:\t1000\t1000\t1000\t1000\n"
        + "Gid:\t1000\t1000\t1000\t1000\nThreads:\t3\nvoluntary_ctxt_switches:\t4\nnonvoluntary_ctxt_switches:\t1503\n";

    [Fact]
    public void StatusFields_RealStatus_Parsed()
    {
        Assert.True(StatusFields.TryParse(Encoding.ASCII.GetBytes(Status), out var f));
        Assert.Equal(1000u, f.RealUid);
        Assert.Equal(4ul, f.VoluntarySwitches);
        Assert.Equal(1503ul, f.InvoluntarySwitches);
    }

    [Fact]
    public void StatusFields_NameForgingAKey_DoesNotWin()
    {
        // The kernel prints a newline in a name as "\n"; even a raw one cannot come before Uid.
        string forged = "Name:\tx\\nUid:\t0\nUid:\t1000\t1000\t1000\t1000\nvoluntary_ctxt_switches:\t1\nnonvoluntary_ctxt_switches:\t2\n";

        Assert.True(StatusFields.TryParse(Encoding.ASCII.GetBytes(forged), out var f));
        Assert.Equal(1000u, f.RealUid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Uid:\t1000\n")]
    [InlineData("Uid:\tabc\nvoluntary_ctxt_switches:\t1\nnonvoluntary_ctxt_switches:\t2\n")]
    [InlineData("Uid:\t99999999999\nvoluntary_ctxt_switches:\t1\nnonvoluntary_ctxt_switches:\t2\n")]
    public void StatusFields_MissingOrBroken_ReturnsFalse(string text)
    {
        Assert.False(StatusFields.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void IoFields_RealIo_Parsed()
    {
        const string io = "rchar: 323934931\nwchar: 323929600\nsyscr: 632687\nsyscw: 632675\nread_bytes: 0\n"
            + "write_bytes: 323932160\ncancelled_write_bytes: 0\n";

        Assert.True(IoFields.TryParse(Encoding.ASCII.GetBytes(io), out var f));
        Assert.Equal(323934931ul, f.ReadChars);
        Assert.Equal(323929600ul, f.WriteChars);
        Assert.Equal(0ul, f.ReadBytes);
        Assert.Equal(323932160ul, f.WriteBytes);
    }

    [Fact]
    public void TryGetULong_KeyInsideALine_NotMatched()
    {
        Assert.False(KeyValueParser.TryGetULong("xrchar: 5\n"u8, "rchar:"u8, out _));
    }
}
