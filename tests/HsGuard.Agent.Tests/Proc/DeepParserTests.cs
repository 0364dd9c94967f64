using System.Text;
using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Tests.Proc;

/// <summary>The small parsers of the deep look: CPU lists, descriptor links, smaps_rollup.</summary>
public sealed class DeepParserTests
{
    [Theory]
    [InlineData("3", 1, 3)]
    [InlineData("0-1", 2, 0)]
    [InlineData("0,2-3,8", 4, 0)]
    [InlineData("5-5", 1, 5)]
    [InlineData("0-8191", 8192, 0)]
    public void CpuListParser_KernelLists_CountedWithTheLowest(string list, int count, int first)
    {
        Assert.True(CpuListParser.TryParse(Encoding.ASCII.GetBytes(list), out int c, out int f));
        Assert.Equal((count, first), (c, f));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0-")]
    [InlineData("-1")]
    [InlineData("3-1")]
    [InlineData("1,,2")]
    [InlineData("0-1 ")]
    [InlineData("a")]
    [InlineData("99999999999")]
    [InlineData("0-99999999")]
    public void CpuListParser_Malformed_ReturnsFalse(string list)
    {
        Assert.False(CpuListParser.TryParse(Encoding.ASCII.GetBytes(list), out int count, out int first));
        Assert.Equal((0, -1), (count, first));
    }

    [Theory]
    [InlineData("socket:[938565]", true, 938565ul)]
    [InlineData("socket:[]", false, 0ul)]
    [InlineData("socket:[0]", false, 0ul)]
    [InlineData("socket:[12x]", false, 0ul)]
    [InlineData("socket:[123", false, 0ul)]
    [InlineData("pipe:[938565]", false, 0ul)]
    [InlineData("/tmp/socket:[1]", false, 0ul)]
    public void FdLinkParser_SocketLinks_InodeOfExactFormOnly(string link, bool ok, ulong inode)
    {
        Assert.Equal(ok, FdLinkParser.TryGetSocketInode(Encoding.ASCII.GetBytes(link), out ulong i));
        Assert.Equal(inode, i);
    }

    [Theory]
    [InlineData("/dev/cpu/0/msr", true)]
    [InlineData("/dev/cpu/127/msr", true)]
    [InlineData("/dev/cpu//msr", false)]
    [InlineData("/dev/cpu/0/cpuid", false)]
    [InlineData("/dev/cpu/x/msr", false)]
    [InlineData("/dev/cpu/0/msr (deleted)", false)]
    [InlineData("/tmp/dev/cpu/0/msr", false)]
    public void FdLinkParser_MsrDevice_Recognised(string link, bool msr)
    {
        Assert.Equal(msr, FdLinkParser.IsMsrDevice(Encoding.ASCII.GetBytes(link)));
    }

    [Fact]
    public void SmapsRollupFields_RealRollup_HugePagesRead()
    {
        // This machine's smaps_rollup (Linux 6.18) of a process with a hugetlbfs page and THP.
        const string rollup = "55780f9ac000-7ffd0bcec000 ---p 00000000 00:00 0                          [rollup]\n"
            + "Rss:                1752 kB\nPss:                 324 kB\nAnonymous:           112 kB\nKSM:                   0 kB\n"
            + "LazyFree:              0 kB\nAnonHugePages:     16384 kB\nShmemPmdMapped:        0 kB\nFilePmdMapped:         0 kB\n"
            + "Shared_Hugetlb:        0 kB\nPrivate_Hugetlb:    2048 kB\nSwap:                  0 kB\nSwapPss:               0 kB\n"
            + "Locked:                0 kB\n";

        Assert.True(SmapsRollupFields.TryParse(Encoding.ASCII.GetBytes(rollup), out var f));
        Assert.Equal(16384ul, f.AnonHugePagesKb);
        Assert.Equal(2048ul, f.HugetlbKb);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Rss: 1 kB\n")]
    [InlineData("AnonHugePages: lots\n")]
    [InlineData(" AnonHugePages: 2048 kB\n")]
    public void SmapsRollupFields_MissingOrBroken_ReturnsFalse(string text)
    {
        Assert.False(SmapsRollupFields.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void SmapsRollupFields_NoHugetlbLines_ReadAsNone()
    {
        Assert.True(SmapsRollupFields.TryParse("AnonHugePages:      2048 kB\n"u8, out var f));
        Assert.Equal((2048ul, 0ul), (f.AnonHugePagesKb, f.HugetlbKb));
    }

    [Theory]
    [InlineData("Cpus_allowed_list:\t0-3\n", "0-3")]
    [InlineData("Name:\tx\nCpus_allowed_list:   7  \nMems_allowed_list:\t0\n", "7")]
    [InlineData("Cpus_allowed_list:", "")]
    public void KeyValueParser_TryGetText_RestOfTheLineTrimmed(string text, string value)
    {
        Assert.True(KeyValueParser.TryGetText(Encoding.ASCII.GetBytes(text), "Cpus_allowed_list:"u8, out var v));
        Assert.Equal(value, Encoding.ASCII.GetString(v));
    }

    [Fact]
    public void KeyValueParser_TryGetText_KeyInsideALine_NotMatched()
    {
        Assert.False(KeyValueParser.TryGetText("Name:\tCpus_allowed_list: 0\n"u8, "Cpus_allowed_list:"u8, out _));
    }
}
