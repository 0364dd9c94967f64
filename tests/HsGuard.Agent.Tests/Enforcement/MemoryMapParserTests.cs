using System.Text;
using HsGuard.Agent.Enforcement;
using HsGuard.Protocol.V1;

namespace HsGuard.Agent.Tests.Enforcement;

public sealed class MemoryMapParserTests
{
    private const string Maps =
        "55d0c8a4a000-55d0c8a4c000 r--p 00000000 08:01 1234                       /usr/bin/burner\n" +
        "55d0c8a4c000-55d0c8a4e000 r-xp 00002000 08:01 1234                       /usr/bin/burner\n" +
        "55d0c9000000-55d0c9021000 rw-p 00000000 00:00 0                          [heap]\n" +
        "7f0000000000-7f0000200000 rwxp 00000000 00:00 0 \n" +
        "7f0000200000-7f0000400000 rw-p 00000000 00:00 0\n" +
        "7f1000000000-7f1000001000 r-xp 00000000 08:01 99                         /tmp/my dir/lib (x).so (deleted)\n" +
        "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]\n" +
        "garbage line\n" +
        "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]";

    [Fact]
    public void Parse_TypicalMaps_RegionsSizeWxAndFilesOnce()
    {
        var summary = new MemorySummary();

        MemoryMapParser.Parse(Encoding.UTF8.GetBytes(Maps), summary, maxFiles: 16);

        Assert.Equal(8u, summary.Regions);
        Assert.Equal((8ul + 8 + 132 + 2048 + 2048 + 4 + 132 + 4), summary.SizeKb);
        Assert.Equal(1u, summary.WritableExecutableRegions);
        Assert.Equal(["/usr/bin/burner", "/tmp/my dir/lib (x).so (deleted)"], summary.Files);
    }

    [Fact]
    public void Parse_MoreFilesThanAllowed_FirstOnesKept()
    {
        var summary = new MemorySummary();

        MemoryMapParser.Parse(Encoding.UTF8.GetBytes(Maps), summary, maxFiles: 1);

        Assert.Equal(["/usr/bin/burner"], summary.Files);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0000-1000")]
    [InlineData("2000-1000 rw-p 00000000 00:00 0")]
    [InlineData("zz-1000 rw-p 00000000 00:00 0")]
    [InlineData("1000-2000 rw-p")]
    public void TryParseLine_Malformed_False(string line) =>
        Assert.False(MemoryMapParser.TryParseLine(Encoding.UTF8.GetBytes(line), out _, out _, out _));
}
