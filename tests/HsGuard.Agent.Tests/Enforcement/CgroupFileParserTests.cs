using HsGuard.Agent.Enforcement;

namespace HsGuard.Agent.Tests.Enforcement;

public sealed class CgroupFileParserTests
{
    private const string Hybrid =
        "9:name=systemd:/user.slice/user-1000.slice/session-2.scope\n" +
        "6:freezer:/\n" +
        "4:memory:/process_api/11\n" +
        "2:cpu,cpuacct:/a:b\n" +
        "0::/user.slice/user-1000.slice/session-2.scope\n";

    [Theory]
    [InlineData(null, "/user.slice/user-1000.slice/session-2.scope")]
    [InlineData("freezer", "/")]
    [InlineData("cpuacct", "/a:b")]
    [InlineData("pids", null)]
    public void FindPath_Hybrid_TheHierarchyAsked(string? controller, string? expected) =>
        Assert.Equal(expected, CgroupFileParser.FindPath(Hybrid, controller));

    [Fact]
    public void FindPath_V2Only_UnifiedLine() =>
        Assert.Equal("/system.slice/cron.service", CgroupFileParser.FindPath("0::/system.slice/cron.service\n", null));

    [Fact]
    public void FindPath_Empty_Null() => Assert.Null(CgroupFileParser.FindPath("", null));
}
