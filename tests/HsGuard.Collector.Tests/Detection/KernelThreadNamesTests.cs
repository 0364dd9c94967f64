using HsGuard.Collector.Detection;

namespace HsGuard.Collector.Tests.Detection;

public sealed class KernelThreadNamesTests
{
    private static readonly string[] Kernel = ["kthreadd", "kworker", "ksoftirqd", "kswapd", "migration", "rcu_preempt", "watchdog"];

    [Theory]
    [InlineData("kthreaddi", 1, "kthreadd")]          // the real case
    [InlineData("kthreadd", 0, "kthreadd")]
    [InlineData("kworker/0:1", 0, "kworker")]         // an instance after the slash
    [InlineData("[kworker/0:1]", 0, "kworker")]       // as ps shows kernel threads
    [InlineData("kworkerds", 2, "kworker")]
    [InlineData("ksoftirqds", 1, "ksoftirqd")]
    [InlineData("kswapd0", 1, "kswapd")]
    [InlineData("watchdogd", 1, "watchdog")]
    [InlineData("migratlon", 1, "migration")]
    public void Nearest_Disguise_Found(string name, int distance, string nearest)
    {
        Assert.Equal((distance, nearest), KernelThreadNames.Nearest(name, Kernel));
    }

    [Theory]
    [InlineData("worker")]      // one edit from kworker, but an honest name
    [InlineData("bash")]
    [InlineData("php-fpm8.2")]
    [InlineData("sshd")]
    [InlineData("kdm")]
    [InlineData("")]
    [InlineData("ksoftirqd_extra_long")]
    public void Nearest_HonestName_NoneNear(string name)
    {
        Assert.Equal((-1, (string?)null), KernelThreadNames.Nearest(name, Kernel));
    }
}
