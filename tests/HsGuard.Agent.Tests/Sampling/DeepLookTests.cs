using HsGuard.Agent.Proc;
using HsGuard.Agent.Sampling;
using HsGuard.Agent.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HsGuard.Agent.Tests.Sampling;

/// <summary>The deep look over the crafted tree: the miner (112), an honest busy xz (110) and a
/// process whose files are broken in every way the deep look reads (113).</summary>
public sealed class DeepLookTests : IDisposable
{
    private const int Miner = 112;
    private const int Odd = 113;
    private const ulong MinerStart = 95_500;

    private readonly ProcFixture _proc = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger _log = new();

    public void Dispose() => _proc.Dispose();

    private ProcessSampler CreateSampler(bool keepFilesOpen = true, double deepCpuPercent = 25, int deepRefreshPasses = 10) => new(
        new SamplerOptions
        {
            ProcRoot = _proc.Root,
            KeepFilesOpen = keepFilesOpen,
            DeepCpuPercent = deepCpuPercent,
            DeepRefreshPasses = deepRefreshPasses,
        },
        _time,
        _log,
        new UserNameCache(uid => uid == 0 ? "root" : null, _time));

    /// <summary>The miner's stat with <paramref name="utime"/> ticks (stime 100): 80,100 at first.</summary>
    private void SetMinerTicks(ulong utime) =>
        _proc.Rewrite($"{Miner}/stat", ProcFixture.StatLine(Miner, "xmrig", utime, 100, MinerStart, "S", threads: 4));

    private void SetThreadTicks(int tid, ulong utime, int nice) =>
        _proc.Rewrite($"{Miner}/task/{tid}/stat", ProcFixture.StatLine(tid, "xmrig", utime, 0, MinerStart, threads: 4, nice: nice));

    /// <summary>A first pass, then a second one second later in which the miner used 1.9 cores.</summary>
    private DeepLook SecondPassOfBusyMiner(ProcessSampler sampler)
    {
        sampler.Sample();
        SetMinerTicks(80_190);
        _time.Advance(TimeSpan.FromSeconds(1));
        var miner = sampler.Sample().Find(Miner);
        Assert.True(miner.HasDetail);
        Assert.True(miner.HasDeep);
        return miner.Deep!;
    }

    /// <summary>The tree's broken stat files (104, 105, 107) are warned about; nothing else is.</summary>
    private void AssertNoWarningsButTheBrokenStats() =>
        Assert.DoesNotContain(_log.AtLeast(LogLevel.Warning), w => w.Id.Id != 1001);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sample_BusyMiner_DeepLookShowsItsMarks(bool keepFilesOpen)
    {
        using var sampler = CreateSampler(keepFilesOpen);

        var deep = SecondPassOfBusyMiner(sampler);

        Assert.Equal(4, deep.ThreadCount);
        Assert.Equal(3, deep.PinnedThreads);             // the workers, on CPUs 0, 1 and 1
        Assert.Equal(2, deep.PinnedCpus);
        Assert.Equal(3, deep.DistinctNice);              // 0, 5, 19, 19
        Assert.Equal((0, 19), (deep.NiceMin, deep.NiceMax));
        // Only the worker born since the first pass has a known CPU yet: 0.45 s in its 0.5 s.
        Assert.Equal(1, deep.BusyThreads);
        Assert.Equal(90.0, deep.BusyCpuMax, precision: 6);
        Assert.Equal(90.0, deep.BusyCpuMin, precision: 6);
        Assert.Equal(("/dev/null", "/dev/null", "/dev/null"), (deep.Stdin, deep.Stdout, deep.Stderr));
        Assert.Equal(13, deep.OpenFiles);
        Assert.True(deep.MsrOpen);
        Assert.Equal(4096ul, deep.AnonHugePagesKb);
        Assert.Equal(2048ul, deep.HugetlbPagesKb);
        // In descriptor order; the listener, the malformed lines and the dup'ed socket left out.
        Assert.Equal(
            [
                "192.0.2.2:52838 10.255.255.1:3333 ESTABLISHED",
                "127.0.0.1:14444 127.0.0.1:55880 ESTABLISHED",
                "127.0.0.1:45056 127.0.0.1:3389 SYN_SENT",
                "::1:14444 ::1:45966 ESTABLISHED",
            ],
            deep.Connections.ToArray().Select(c => $"{c.LocalAddress}:{c.LocalPort} {c.RemoteAddress}:{c.RemotePort} {c.StateName}"));
        AssertNoWarningsButTheBrokenStats();
    }

    [Fact]
    public void Sample_MinerBusyOverThreePasses_ThreadCpuFromTheirOwnTicks()
    {
        using var sampler = CreateSampler();
        SecondPassOfBusyMiner(sampler);

        SetMinerTicks(80_460);
        SetThreadTicks(2112, 40_000 + 95, 5);
        SetThreadTicks(2113, 39_990 + 85, 19);
        _proc.Rewrite($"{Miner}/task/2114/stat", ProcFixture.StatLine(2114, "xmrig", 45 + 90, 0, 100_050, threads: 4, nice: 19));
        _time.Advance(TimeSpan.FromSeconds(1));
        var deep = sampler.Sample().Find(Miner).Deep!;

        Assert.Equal(3, deep.BusyThreads);
        Assert.Equal(95.0, deep.BusyCpuMax, precision: 6);
        Assert.Equal(85.0, deep.BusyCpuMin, precision: 6);
    }

    [Fact]
    public void Sample_ThreadGone_ItsTicksForgotten()
    {
        using var sampler = CreateSampler();
        SecondPassOfBusyMiner(sampler);

        Directory.Delete(_proc.PathOf($"{Miner}", "task", "2113"), recursive: true);
        SetMinerTicks(80_380);
        _time.Advance(TimeSpan.FromSeconds(1));
        var miner = sampler.Sample().Find(Miner);

        Assert.Equal(3, miner.Deep!.ThreadCount);
        Assert.Equal([112, 2112, 2114], miner.DeepState!.PreviousTicks.Keys.Order());
    }

    [Fact]
    public void Sample_DescriptorsAndMemory_ReadAgainAfterDeepRefreshPasses()
    {
        using var sampler = CreateSampler(deepRefreshPasses: 3);
        Assert.True(SecondPassOfBusyMiner(sampler).MsrOpen);                   // pass 2 reads them

        File.Delete(_proc.PathOf($"{Miner}", "fd", "5"));
        _proc.Rewrite($"{Miner}/smaps_rollup", "AnonHugePages:  0 kB\n");
        Directory.Delete(_proc.PathOf($"{Miner}", "task", "2113"), recursive: true);
        DeepLook Next(ulong ticks)
        {
            SetMinerTicks(ticks);
            _time.Advance(TimeSpan.FromSeconds(1));
            return sampler.Sample().Find(Miner).Deep!;
        }

        var third = Next(80_390);
        Assert.Equal((true, 4096ul, 3), (third.MsrOpen, third.AnonHugePagesKb, third.ThreadCount)); // threads every pass
        var fourth = Next(80_490);
        Assert.Equal((true, 4096ul), (fourth.MsrOpen, fourth.AnonHugePagesKb));
        var fresh = Next(80_590);                                               // pass 5 reads them again

        Assert.False(fresh.MsrOpen);
        Assert.Equal(0ul, fresh.AnonHugePagesKb);
        Assert.Equal(12, fresh.OpenFiles);
    }

    [Fact]
    public void Sample_HostileFiles_ReadsWhatItCanWithoutNoise()
    {
        using var sampler = CreateSampler();
        sampler.Sample();
        _proc.Rewrite($"{Odd}/stat", ProcFixture.StatLine(Odd, "odd", 5100, 0, 95_600, threads: 2));
        _time.Advance(TimeSpan.FromSeconds(1));

        var odd = sampler.Sample().Find(Odd);

        var deep = odd.Deep!;
        Assert.Equal(2, deep.ThreadCount);
        Assert.Equal(0, deep.PinnedThreads);             // no Cpus_allowed_list; "0-"
        Assert.Equal(1, deep.DistinctNice);              // the thread with a garbage stat is not counted
        Assert.Equal("", deep.Stdin);                    // closed
        Assert.Equal("/nonexistent/gone (deleted)", deep.Stdout);
        Assert.Equal("socket:[]", deep.Stderr);
        Assert.Equal(4, deep.OpenFiles);
        Assert.False(deep.MsrOpen);
        Assert.Equal(0ul, deep.AnonHugePagesKb);         // no smaps_rollup
        // The table's last line has no newline; there is no tcp6.
        var c = Assert.Single(deep.Connections.ToArray());
        Assert.Equal(("127.0.0.1", 40000, "127.0.0.1", 3333, "ESTABLISHED"),
            (c.LocalAddress.ToString(), (int)c.LocalPort, c.RemoteAddress.ToString(), (int)c.RemotePort, c.StateName));
        AssertNoWarningsButTheBrokenStats();
    }

    [Fact]
    public void Sample_BelowDeepCpuPercent_DetailWithoutDeepLook()
    {
        using var sampler = CreateSampler();
        sampler.Sample();
        SetMinerTicks(80_020);   // 20 % of a core
        _time.Advance(TimeSpan.FromSeconds(1));

        var frame = sampler.Sample();

        var miner = frame.Find(Miner);
        Assert.True(miner.HasDetail);
        Assert.False(miner.HasDeep);
        Assert.Null(miner.Deep);
        Assert.Equal(0, frame.DeepLooks);
        Assert.All(frame.Processes.ToArray(), p => Assert.Null(p.Deep));
    }

    [Fact]
    public void Sample_BusyKernelThread_NoDeepLook()
    {
        using var sampler = CreateSampler(deepCpuPercent: 0);
        sampler.Sample();
        _proc.Rewrite("10/stat", "10 (kworker/0:1-events) I 2 0 0 0 -1 69238880 100 0 0 0 500 500 0 0 20 0 1 0 3 0 0 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        _time.Advance(TimeSpan.FromSeconds(1));

        var worker = sampler.Sample().Find(10);

        Assert.True(worker.CpuPercent > 100);
        Assert.False(worker.HasDeep);
    }

    [Fact]
    public void Sample_DeepLook_KeepsNoDescriptorOpen()
    {
        using var sampler = CreateSampler();
        SecondPassOfBusyMiner(sampler);

        // What this process holds open in this test's tree: the root, and each process's
        // directory and stat (and io, read for busy ones) that the sampler keeps; nothing of the
        // deep look (task/, fd/, net/, ns/, smaps_rollup).
        var held = new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Select(fd => fd.LinkTarget)
            .Where(target => target is not null && target.StartsWith(_proc.Root, StringComparison.Ordinal))
            .Select(target => target![_proc.Root.Length..])
            .ToList();
        Assert.Contains($"/{Miner}/io", held);
        Assert.All(held, h => Assert.Matches(@"^(/[0-9]+(/stat|/io)?)?$", h));
    }

    [Fact]
    public void Sample_SamplerItselfBusy_NoDeepLookAtItself()
    {
        // A busy process under this test's own pid: the miner's files, the sampler's pid.
        int self = Environment.ProcessId;
        string dir = _proc.PathOf(self.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(dir, "task", "1"));
        File.Copy(_proc.PathOf($"{Miner}", "task", "2112", "status"), Path.Combine(dir, "task", "1", "status"));
        File.WriteAllText(Path.Combine(dir, "stat"), ProcFixture.StatLine(self, "sampler", 100, 0, 95_000));
        using var sampler = CreateSampler(deepCpuPercent: 0);
        sampler.Sample();
        File.WriteAllText(Path.Combine(dir, "stat"), ProcFixture.StatLine(self, "sampler", 300, 0, 95_000));
        SetMinerTicks(80_190);
        _time.Advance(TimeSpan.FromSeconds(1));

        var frame = sampler.Sample();

        Assert.True(frame.Find(self).HasDetail);
        Assert.False(frame.Find(self).HasDeep);
        Assert.True(frame.Find(Miner).HasDeep);
    }

    [Fact]
    public void Sample_DeepLookSteadyState_AllocatesNothing()
    {
        foreach (string broken in new[] { "104", "105", "106", "107", "109" })
        {
            Directory.Delete(_proc.PathOf(broken), recursive: true);
        }
        const int passes = 20;
        // The miner's stat for each pass, made before measuring, written in place without allocating.
        byte[][] stats = [.. Enumerable.Range(0, passes + 4).Select(i => System.Text.Encoding.ASCII.GetBytes(
            ProcFixture.StatLine(Miner, "xmrig", 80_100 + (ulong)i * 150, 100, MinerStart, "S", threads: 4)))];
        using var stat = File.OpenHandle(_proc.PathOf($"{Miner}", "stat"), FileMode.Open, FileAccess.Write);
        using var sampler = CreateSampler();
        int pass = 0;
        long allocated = 0;
        SampleFrame Next()
        {
            RandomAccess.SetLength(stat, 0);
            RandomAccess.Write(stat, stats[pass++], 0);
            _time.Advance(TimeSpan.FromSeconds(1));
            long before = GC.GetAllocatedBytesForCurrentThread();
            var frame = sampler.Sample();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            return frame;
        }
        for (int i = 0; i < 4; i++)
        {
            Next();
        }

        allocated = 0;
        int looks = 0;
        for (int i = 0; i < passes; i++)
        {
            looks += Next().DeepLooks;
        }

        Assert.Equal(passes, looks);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TcpTables_KnownSockets_TablesReadOnlyForNewOnesOrWhenStale()
    {
        using var proc = new ProcDirectory(_proc.Root);
        using var files = ProcessFiles.Open(proc, Miner, keep: true, out _)!;
        var tables = new TcpTables();
        var found = new List<TcpSocket>();
        List<ulong> inodes = [938565, 938564, 938557, 777001, 938562, 31337];   // 938557 listens; 31337 is no TCP socket
        int Find(long pass, List<ulong> of)
        {
            tables.BeginPass(pass);
            found.Clear();
            tables.Find(files, 4026531840, of, found, max: 32);
            return found.Count;
        }

        Assert.Equal(4, Find(1, inodes));
        Assert.Equal(1, tables.Reads);
        _proc.Rewrite($"{Miner}/net/tcp", "");          // what the kernel shows now is not read ...
        Assert.Equal(4, Find(2, inodes));                 // ... while every inode is known
        Assert.Equal(5, Find(3, [.. inodes, 938563]));    // another connection, in the table read in pass 1
        Assert.Equal(1, tables.Reads);

        Assert.Equal(2, Find(4, [.. inodes, 4444]));      // a new socket: read again, tcp6's two left
        Assert.Equal(2, tables.Reads);
        Assert.Equal(2, Find(5, [.. inodes, 4444]));      // 4444 is now known to be no TCP socket
        Assert.Equal(2, tables.Reads);

        Find(4 + TcpTables.RefreshPasses, inodes);        // stale: read again
        Assert.Equal(3, tables.Reads);
    }

    [Fact]
    public void TcpTables_AtMostMax_InTheOrderAsked()
    {
        using var proc = new ProcDirectory(_proc.Root);
        using var files = ProcessFiles.Open(proc, Miner, keep: false, out _)!;
        var tables = new TcpTables();
        var found = new List<TcpSocket>();
        tables.BeginPass(1);

        tables.Find(files, 1, [938562, 938557, 777001, 938565], found, max: 2);

        Assert.Equal([938562ul, 777001ul], found.Select(s => s.Inode));
    }
}
