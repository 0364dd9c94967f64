using System.Net;
using System.Net.Sockets;
using HsGuard.Agent.Sampling;
using HsGuard.Agent.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Tests.Sampling;

/// <summary>The deep look against the real /proc, with the burner showing one mark at a time.</summary>
[Collection(LiveProcCollection.Name)]
public sealed class LiveDeepLookTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    private readonly RecordingLogger _log = new();

    /// <summary>A sampler that looks deep at anything above <paramref name="deepCpuPercent"/>: the
    /// burners' tests take 2 %, so that a burner starved by a loaded machine still gets its look
    /// (what a look reports is under test here, not the threshold, which the idle test keeps).</summary>
    private ProcessSampler CreateSampler(double deepCpuPercent = 2) =>
        new(new SamplerOptions { DeepCpuPercent = deepCpuPercent }, TimeProvider.System, _log, new UserNameCache(TimeProvider.System));

    /// <summary>Passes half a second apart until <paramref name="looks"/> deep looks in a row at
    /// <paramref name="pid"/> (the first pass knows no CPU; on a loaded machine a burner may fall
    /// below 25 % for a pass), at most ten. Returns its entry in the last pass, and what the
    /// kernel counted for each of its threads over that pass's interval (percent of a core).</summary>
    private static (ProcessEntry Entry, double[] KernelThreadCpu) SampleBusy(ProcessSampler sampler, int pid, int looks = 1)
    {
        sampler.Sample();
        int inRow = 0;
        for (int pass = 0; pass < 10; pass++)
        {
            var before = ThreadTicks(pid);
            var started = DateTime.UtcNow;
            Thread.Sleep(Tick);
            var entry = sampler.Sample().FindOrNull(pid) ?? throw new Xunit.Sdk.XunitException($"process {pid} not sampled");
            var after = ThreadTicks(pid);
            double seconds = (DateTime.UtcNow - started).TotalSeconds;
            inRow = entry.HasDeep ? inRow + 1 : 0;
            if (inRow == looks)
            {
                return (entry, [.. after.Select(t => (t.Value - before.GetValueOrDefault(t.Key)) / 100.0 / seconds * 100)]);
            }
        }
        throw new Xunit.Sdk.XunitException($"no {looks} deep looks in a row at process {pid} in ten passes");
    }

    /// <summary>Each thread's utime+stime, as the kernel counts it.</summary>
    private static Dictionary<int, ulong> ThreadTicks(int pid)
    {
        var ticks = new Dictionary<int, ulong>();
        foreach (string dir in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            string stat = File.ReadAllText(Path.Combine(dir, "stat"));
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ci = System.Globalization.CultureInfo.InvariantCulture;
            ticks[int.Parse(Path.GetFileName(dir), ci)] = ulong.Parse(f[11], ci) + ulong.Parse(f[12], ci);
        }
        return ticks;
    }

    private void AssertNoWarnings() => Assert.Empty(_log.AtLeast(LogLevel.Warning));

    [Fact]
    public void Sample_PinnedTwoThreadBurner_BusyThreadsPinnedOnePerCpu()
    {
        using var burner = Burner.Start("-t", "2", "-P", "-n", "hsg-pinned");
        using var sampler = CreateSampler();

        // The second deep look in a row measures each thread over the last interval; the kernel's
        // own count over (about) the same interval says which threads must and may count as busy
        // (>= 80 %). On a loaded machine (or a VM whose cores are shared: this project's gives a
        // burning thread 60 to 90 %) no thread may be busy, and then none must be reported.
        var (p, kernel) = SampleBusy(sampler, burner.Pid, looks: 2);

        var deep = p.Deep!;
        Assert.Equal(3, deep.ThreadCount);                                   // main + two workers
        Assert.Equal(2, deep.PinnedThreads);                                 // the workers
        Assert.Equal(Math.Min(2, Environment.ProcessorCount), deep.PinnedCpus);
        Assert.InRange(deep.BusyThreads, kernel.Count(c => c >= 88), kernel.Count(c => c >= 72));
        if (deep.BusyThreads > 0)
        {
            Assert.InRange(deep.BusyCpuMin, 80, deep.BusyCpuMax);
            Assert.InRange(deep.BusyCpuMax, 80, 110);
        }
        Assert.Equal(1, deep.DistinctNice);
        AssertNoWarnings();
    }

    [Fact]
    public void Sample_ThreadsAtDifferentNice_DistinctNiceValuesSeen()
    {
        // -T: worker i sets its own nice to 1 + i; the main thread stays at 0.
        using var burner = Burner.Start("-t", "2", "-T", "-d", "0.5", "-n", "hsg-nices");
        using var sampler = CreateSampler();

        var p = SampleBusy(sampler, burner.Pid).Entry;

        Assert.Equal(3, p.Deep!.DistinctNice);
        Assert.Equal((0, 2), (p.Deep.NiceMin, p.Deep.NiceMax));
        Assert.Equal(0, p.Nice);                     // stat of the process shows the main thread's
        Assert.Equal(0, p.Deep.PinnedThreads);
    }

    [Fact]
    public void Sample_BurnerConnectedToAPool_ConnectionWithTheRemotePort()
    {
        using var listener = ListenOnLoopback(3333);
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var burner = Burner.Start("-t", "1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "hsg-pool");
        using var accepted = listener.AcceptTcpClient();
        using var sampler = CreateSampler();

        var deep = SampleBusy(sampler, burner.Pid).Entry.Deep!;

        var c = Assert.Single(deep.Connections.ToArray());
        Assert.Equal(("127.0.0.1", "127.0.0.1", port, "ESTABLISHED"),
            (c.LocalAddress.ToString(), c.RemoteAddress.ToString(), (int)c.RemotePort, c.StateName));
        Assert.Equal(((IPEndPoint)accepted.Client.RemoteEndPoint!).Port, c.LocalPort);
        AssertNoWarnings();
    }

    [Fact]
    public void Sample_DetachedBurner_StandardStreamsOnDevNullInItsOwnSession()
    {
        using var burner = Burner.StartDetached("-t", "1", "-d", "0.5", "-n", "hsg-detached");
        using var sampler = CreateSampler();

        var p = SampleBusy(sampler, burner.Pid).Entry;

        Assert.Equal(("/dev/null", "/dev/null", "/dev/null"), (p.Deep!.Stdin, p.Deep.Stdout, p.Deep.Stderr));
        Assert.Equal(p.Pid, p.Session);               // setsid: a session leader
        Assert.Equal(p.Pid, p.ProcessGroup);
        Assert.NotEqual(Environment.ProcessId, p.ParentPid);   // adopted: pid 1 here, or a subreaper
        Assert.True(p.Deep.OpenFiles >= 3);
    }

    [Fact]
    public void Sample_BurnerAskingForHugePages_AnonHugePagesWhereTheKernelAllowsThem()
    {
        using var burner = Burner.Start("-t", "1", "-H", "-m", "8192", "-n", "hsg-huge");
        using var sampler = CreateSampler();

        var deep = SampleBusy(sampler, burner.Pid).Entry.Deep!;

        string thp = File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled");
        if (thp.Contains("[always]", StringComparison.Ordinal) || thp.Contains("[madvise]", StringComparison.Ordinal))
        {
            Assert.True(deep.AnonHugePagesKb > 0, $"no transparent huge pages although the kernel allows them: {thp.Trim()}");
        }
        else
        {
            // Transparent huge pages are off on this machine ("[never]"): MADV_HUGEPAGE gets none.
            Assert.Equal(0ul, deep.AnonHugePagesKb);
        }
        Assert.Equal(0ul, deep.HugetlbPagesKb);
    }

    [Fact]
    public void Sample_BurnerOpeningTheMsrDevice_MsrOpenOnlyWhenItCould()
    {
        using var burner = Burner.Start("-t", "1", "-M", "-n", "hsg-msr");
        using var sampler = CreateSampler();

        var deep = SampleBusy(sampler, burner.Pid).Entry.Deep!;

        // Without the msr module (not loaded on this project's machine) the open fails and nothing
        // is open to be seen: no false mark. The open descriptor itself is tested on the fixture tree.
        Assert.Equal(File.Exists("/dev/cpu/0/msr"), deep.MsrOpen);
    }

    [Fact]
    public void Sample_IdleAndLightProcesses_NoDeepLook()
    {
        using var light = Burner.Start("-t", "1", "-d", "0.05", "-n", "hsg-light");
        using var sampler = CreateSampler(new SamplerOptions().DeepCpuPercent);
        sampler.Sample();
        Thread.Sleep(Tick);

        var frame = sampler.Sample();

        var p = frame.Find(light.Pid);
        Assert.InRange(p.CpuPercent, 0.1, 20);
        Assert.False(p.HasDeep);
        Assert.All(frame.Processes.ToArray(), e =>
        {
            if (e.Deep is not null)
            {
                Assert.True(e.CpuPercent >= 25 && !e.IsKernelThread, $"{e.Pid} {e.Comm} at {e.CpuPercent} %");
            }
        });
        Assert.Equal(frame.Processes.ToArray().Count(e => e.HasDeep), frame.DeepLooks);
    }

    /// <summary>A listener on 127.0.0.1:<paramref name="preferred"/>, or on a port of the kernel's
    /// choice when that one is taken.</summary>
    private static TcpListener ListenOnLoopback(int preferred)
    {
        var listener = new TcpListener(IPAddress.Loopback, preferred);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException)
        {
            listener.Dispose();
            listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }
    }
}
