using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Detection;

/// <summary>
/// Every shipped rule fires on a process that shows its signal, and does not on a near miss: the
/// same process with the one thing changed that the rule is about.
/// </summary>
public sealed class ShippedRuleTests
{
    private static readonly Lazy<RuleSet> Shipped = new(() => Load());

    private static RuleSet Load(params string[] extra)
    {
        var result = RuleLoader.Load([RepositoryPaths.Combine("rules"), .. extra]);
        return result.RuleSet ?? throw new InvalidOperationException(string.Join("\n", result.Errors));
    }

    private static Func<int, float> Steady(float cpu) => _ => cpu;

    private static readonly ProcessScenario Busy = new() { Cpu = Steady(99), Seconds = 15, BusyThreads = 1 };

    private static readonly ProcessScenario Detached = new()
    {
        Ancestors = [], ParentPid = 1, SessionLeader = true, StdOut = "/dev/null", Seconds = 12,
    };

    public static TheoryData<string, ProcessScenario, ProcessScenario> Cases() => new()
    {
        {
            "Miner words in command line",
            new() { Comm = "x", Cmdline = "./x -o 198.51.100.9:3333 --donate-level 1" },
            new() { Comm = "x", Cmdline = "./x -o 198.51.100.9:3333 --level 1" }
        },
        {
            "Miner words in command line",
            new() { Comm = "xmrig", Exe = "/home/pacs/xyz00/users/web/.cache/xmrig", Cmdline = "" },
            new() { Comm = "xmlint", Exe = "/usr/bin/xmllint", Cmdline = "xmllint --noout feed.xml" }
        },
        {
            "Mining pool named in command line",
            new() { Cmdline = "./app -o pool.supportxmr.com:443 -u 4AbC" },
            new() { Cmdline = "./app -o pool.example.org:443 -u 4AbC" }
        },
        {
            "Kernel thread name on a user program",
            new() { Comm = "kthreaddi", Exe = "/home/pacs/xyz00/users/web/.x/kthreaddi" },
            new() { Comm = "worker", Exe = "/home/pacs/xyz00/users/web/bin/worker" }
        },
        {
            "Kernel thread name on a user program",
            new() { Comm = "kworker/0:1", Exe = "/home/pacs/xyz00/users/web/.x/a" },
            new() { Comm = "kworker/0:1", Exe = "/home/pacs/xyz00/users/web/.x/a", Uid = 33, User = "www-data" }
        },
        {
            "Deleted executable",
            new() { ExeDeleted = true },
            new() { ExeDeleted = false }
        },
        {
            "Executable in a temporary directory",
            new() { Exe = "/tmp/.ICE-unix/.x/a" },
            new() { Exe = "/home/pacs/xyz00/users/web/tmp/a" }
        },
        {
            "Executable in a temporary directory",
            new() { Exe = "/dev/shm/a" },
            new() { Exe = "/dev/shmx/a" }
        },
        {
            "Executable in a web folder",
            new() { Exe = "/home/pacs/xyz00/users/web/doms/example.org/htdocs-ssl/wp-content/uploads/2026/11/php.bin" },
            new() { Exe = "/home/pacs/xyz00/users/web/doms/example.org/fastcgi-ssl/app.fcgi" }
        },
        {
            "Disguised or dropped program at work",
            new() { Comm = "kthreaddi", Exe = "/home/pacs/xyz00/users/web/.x/kthreaddi", Cpu = Steady(33), Seconds = 4 },
            new() { Comm = "kthreaddi", Exe = "/home/pacs/xyz00/users/web/.x/kthreaddi", Cpu = Steady(33), Seconds = 2 }
        },
        {
            "Disguised or dropped program at work",
            new() { Exe = "/tmp/.x/update", ExeDeleted = true, Cpu = Steady(30), Seconds = 4 },
            new() { Exe = "/tmp/.x/update", ExeDeleted = true, Cpu = Steady(20), Seconds = 10 }
        },
        {
            "Disguised or dropped program at work",
            new() { ExeDeleted = true, Cpu = Steady(99), Seconds = 4 },
            new() { ExeDeleted = false, Cpu = Steady(99), Seconds = 4 }
        },
        {
            // A PHP worker whose executable a package upgrade replaced while it ran.
            "Disguised or dropped program at work",
            new() { Comm = "php-fpm8.2", Exe = "/home/pacs/xyz00/users/web/php-fpm8.2", ExeDeleted = true, Cpu = Steady(99), Seconds = 4 },
            new() { Comm = "php-fpm8.2", Exe = "/usr/sbin/php-fpm8.2", ExeDeleted = true, Cpu = Steady(99), Seconds = 4 }
        },
        {
            "Busy process under a web server",
            Busy with { Ancestors = ["php-fpm8.2", "sh"] },
            Busy with { Ancestors = ["php-fpm8.2", "sh"], Seconds = 5 }
        },
        {
            "Detached busy process",
            Busy with { Ancestors = [], ParentPid = 1, SessionLeader = true, StdOut = "/dev/null" },
            Busy with { Ancestors = [], ParentPid = 1, SessionLeader = true, StdOut = "pipe:[77]" }
        },
        {
            // At work means a tenth of a core every second: two seconds under it do not end the
            // spell, three do.
            "Detached busy process",
            Detached with { Cpu = t => t is 5 or 6 ? 5 : 32 },
            Detached with { Cpu = t => t is 5 or 6 or 7 ? 5 : 32 }
        },
        {
            // A miner throttled by sleeping on a loaded machine: a fifth of a core, waiting as often
            // as it is preempted (busy in no second), is at work; a twentieth of a core is not.
            "Detached busy process",
            Detached with { Cpu = Steady(20), VoluntaryPerSecond = 60, InvoluntaryPerSecond = 55 },
            Detached with { Cpu = Steady(5), VoluntaryPerSecond = 60, InvoluntaryPerSecond = 55 }
        },
        {
            "Connection to a mining pool port",
            Busy with { RemotePort = 3333 },
            Busy with { RemotePort = 443 }
        },
        {
            "Connection to a mining pool port",
            new() { RemotePort = 3333, Cpu = Steady(30), Seconds = 4 },
            new() { RemotePort = 3333, Cpu = Steady(10), Seconds = 15 }
        },
        {
            "Computing on a mining pool connection",
            new() { RemotePort = 3333, RemoteAddress = "127.0.0.1", Cpu = Steady(35), Seconds = 4, VoluntaryPerSecond = 1, IoBytesPerSecond = 0, IoCharsPerSecond = 20 },
            new() { RemotePort = 443, RemoteAddress = "127.0.0.1", Cpu = Steady(35), Seconds = 4, VoluntaryPerSecond = 1, IoBytesPerSecond = 0, IoCharsPerSecond = 20 }
        },
        {
            "Computing on a mining pool connection",
            new() { RemotePort = 2222, Cpu = Steady(90), Seconds = 10, VoluntaryPerSecond = 200, IoBytesPerSecond = 0, IoCharsPerSecond = 500 },
            new() { RemotePort = 2222, Cpu = Steady(90), Seconds = 10, VoluntaryPerSecond = 200, IoBytesPerSecond = 2_000_000, IoCharsPerSecond = 4_000_000 }
        },
        {
            "Sustained CPU saturation",
            new() { Cpu = Steady(198), Seconds = 50, BusyThreads = 2 },
            new() { Cpu = Steady(198), Seconds = 40, BusyThreads = 2 }
        },
        {
            "Sustained CPU saturation",
            new() { Cpu = Steady(99), Seconds = 50, BusyThreads = 1 },
            new() { Cpu = Steady(60), Seconds = 50, BusyThreads = 0 }
        },
        {
            "Compute-only profile",
            new() { Cpu = Steady(99), Seconds = 25, BusyThreads = 1, VoluntaryPerSecond = 2, IoBytesPerSecond = 0, IoCharsPerSecond = 100 },
            new() { Cpu = Steady(99), Seconds = 25, BusyThreads = 1, VoluntaryPerSecond = 2, IoBytesPerSecond = 0, IoCharsPerSecond = 1_000_000 }
        },
        {
            "Compute-only profile",
            new() { Cpu = Steady(50), Seconds = 25, VoluntaryPerSecond = 100, IoBytesPerSecond = 0, IoCharsPerSecond = 0 },
            new() { Cpu = Steady(50), Seconds = 25, VoluntaryPerSecond = 3000, IoBytesPerSecond = 0, IoCharsPerSecond = 0 }
        },
        {
            // Per second of CPU: at a sixth of a core, 2 kB/s of I/O is 12 kB per CPU second (a
            // miner's trickle), 4 kB/s is 24 kB (a program that reads and writes).
            "Compute-only profile",
            new() { Cpu = Steady(16), Seconds = 25, VoluntaryPerSecond = 1, InvoluntaryPerSecond = 100, IoBytesPerSecond = 0, IoCharsPerSecond = 2000 },
            new() { Cpu = Steady(16), Seconds = 25, VoluntaryPerSecond = 1, InvoluntaryPerSecond = 100, IoBytesPerSecond = 0, IoCharsPerSecond = 4000 }
        },
        {
            "Compute-only for long",
            new() { Cpu = Steady(99), Seconds = 50, BusyThreads = 1, VoluntaryPerSecond = 2, IoBytesPerSecond = 0, IoCharsPerSecond = 0 },
            new() { Cpu = Steady(99), Seconds = 40, BusyThreads = 1, VoluntaryPerSecond = 2, IoBytesPerSecond = 0, IoCharsPerSecond = 0 }
        },
        {
            // Throttled to half a core by sleeping, squeezed to 18-25 % of one: never busy for long
            // (under a quarter of a core, waiting as often as preempted), but active and compute-
            // bound for 50 s; the same with a program's I/O is not.
            "Compute-only for long",
            new() { Cpu = t => 18 + (t % 8), Seconds = 50, VoluntaryPerSecond = 60, InvoluntaryPerSecond = 55, IoBytesPerSecond = 0, IoCharsPerSecond = 0 },
            new() { Cpu = t => 18 + (t % 8), Seconds = 50, VoluntaryPerSecond = 60, InvoluntaryPerSecond = 55, IoBytesPerSecond = 50_000, IoCharsPerSecond = 200_000 }
        },
        {
            // Active means no pause over 2 s: a job that computes in 30-second runs with 5-second
            // pauses between them never computes for 45 s on end.
            "Compute-only for long",
            new() { Cpu = Steady(22), Seconds = 50, VoluntaryPerSecond = 60, InvoluntaryPerSecond = 55, IoBytesPerSecond = 0, IoCharsPerSecond = 0 },
            new() { Cpu = t => t % 35 >= 30 ? 0 : 22, Seconds = 50, VoluntaryPerSecond = 60, InvoluntaryPerSecond = 55, IoBytesPerSecond = 0, IoCharsPerSecond = 0 }
        },
        {
            "Flat load",
            new() { Cpu = t => 97 + (t % 3), Seconds = 35, BusyThreads = 1 },
            new() { Cpu = t => t % 4 == 0 ? 45 : 100, Seconds = 35, BusyThreads = 1 }
        },
        {
            "Huge pages on a busy process",
            Busy with { HugePagesKb = 4096 },
            Busy with { HugePagesKb = 1024 }
        },
        {
            "Threads pinned one per CPU",
            Busy with { Cpu = Steady(198), BusyThreads = 2, Pinned = 2, PinnedCpus = 2 },
            Busy with { Cpu = Steady(198), BusyThreads = 2, Pinned = 2, PinnedCpus = 1 }
        },
        {
            "Distinct nice values among threads",
            Busy with { DistinctNice = 2 },
            Busy with { DistinctNice = 1 }
        },
        {
            "CPU model-specific registers open",
            Busy with { MsrOpen = true },
            new() { MsrOpen = true, Cpu = t => t >= 14 ? 99 : 0, Seconds = 15, BusyThreads = 1 }
        },
        {
            "Loading the msr module as a member",
            new() { Comm = "modprobe", Exe = "/usr/sbin/modprobe", Cmdline = "modprobe msr allow_writes=on" },
            new() { Comm = "modprobe", Exe = "/usr/sbin/modprobe", Cmdline = "modprobe loop" }
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_Signal_FiresAndNearMissDoesNot(string rule, ProcessScenario fires, ProcessScenario nearMiss)
    {
        Assert.True(fires.Fires(Shipped.Value, rule), $"'{rule}' did not fire");
        Assert.False(nearMiss.Fires(Shipped.Value, rule), $"'{rule}' fired on the near miss");
    }

    [Fact]
    public void Rule_ListedPoolAddress_FiresWithTheLocalListAndNotForAnotherAddress()
    {
        using var local = new TempDirectory();
        File.WriteAllText(local.Combine("pools.yaml"), "- list: mining_pool_addresses\n  items: [\"203.0.113.7\"]\n  override:\n    items: append\n");
        var rules = Load(local.Path);

        Assert.True(new ProcessScenario { RemotePort = 443, RemoteAddress = "203.0.113.7", Cpu = Steady(5) }.Fires(rules, "Connection to a listed mining pool address"));
        Assert.False(new ProcessScenario { RemotePort = 443, RemoteAddress = "203.0.113.8", Cpu = Steady(5) }.Fires(rules, "Connection to a listed mining pool address"));
    }

    [Theory]
    [InlineData(0.6, true)]
    [InlineData(0.4, false)]
    [InlineData(-1, false)]
    public void Rule_UnusualForTheUser_FiresAboveTheThreshold(double score, bool fires)
    {
        var rules = Shipped.Value;
        var host = new HsGuard.Collector.Ingest.HostState("web1", new HsGuard.Collector.Ingest.IngestOptions());
        var facts = new UserFacts(new DetectionOptions());
        facts.Reset(host, 1500, score);

        Assert.Equal(fires, rules.Rule("Unusual CPU pattern for the user")!.Matches(facts));
    }

    [Fact]
    public void Cases_EveryShippedRule_Covered()
    {
        var covered = Cases().Select(c => (string)c.Data.Item1).Append("Connection to a listed mining pool address")
            .Append("Unusual CPU pattern for the user").ToHashSet();

        Assert.All(Shipped.Value.Rules, r => Assert.Contains(r.Name, covered));
    }
}
