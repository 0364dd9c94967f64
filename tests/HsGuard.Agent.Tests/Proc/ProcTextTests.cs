using System.Text;
using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Tests.Proc;

public sealed class ProcTextTests
{
    [Fact]
    public void Decode_ValidUtf8_Unchanged()
    {
        Assert.Equal("Grüße 😀", ProcText.Decode(Encoding.UTF8.GetBytes("Grüße 😀")));
    }

    [Fact]
    public void Decode_InvalidBytes_EscapedOneByOne()
    {
        byte[] bytes = [(byte)'a', 0xc3, (byte)'b', 0xff, 0xe2, 0x82];

        Assert.Equal("a\\xc3b\\xff\\xe2\\x82", ProcText.Decode(bytes));
    }

    [Fact]
    public void DecodeCommandLine_NulSeparated_JoinedWithSpaces()
    {
        Assert.Equal("php-fpm: pool www -d x=1", ProcText.DecodeCommandLine("php-fpm: pool www\0-d\0x=1\0"u8, 4096));
    }

    [Fact]
    public void DecodeCommandLine_Longer_CutAtTheCap()
    {
        Assert.Equal("abcd", ProcText.DecodeCommandLine("abcdefgh\0"u8, 4));
    }

    [Fact]
    public void DecodeCommandLine_RewrittenWithoutNul_OneArgument()
    {
        Assert.Equal("[kworker/0:1]", ProcText.DecodeCommandLine("[kworker/0:1]"u8, 4096));
    }

    [Fact]
    public void DecodeCommandLine_Empty_Empty()
    {
        Assert.Equal("", ProcText.DecodeCommandLine("\0\0"u8, 4096));
    }
}
