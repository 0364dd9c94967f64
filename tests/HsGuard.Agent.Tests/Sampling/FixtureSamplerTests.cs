using HsGuard.Agent.Cli;
using HsGuard.Agent.Sampling;
using HsGuard.Agent.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HsGuard.Agent.Tests.Sampling;

/// <summary>The sampler over the crafted tree (Fixtures/make-proc-fixture.py), with a fake clock.</summary>
public sealed class FixtureSamplerTests : IDisposable
{
    private readonly ProcFixture _proc = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger _log = new();

    public void Dispose() => _proc.Dispose();

    private ProcessSampler CreateSampler(bool keepFilesOpen = true) => new(
        new SamplerOptions { ProcRoot = _proc.Root, KeepFilesOpen = keepFilesOpen },
        _time,
        _log,
        new UserNameCache(uid => uid switch { 0 => "root", ProcFixture.MinerUid => "xyz00-web", _ => null }, _time));

    private static ProcessEntry Find(SampleFrame frame, int pid) => frame.Find(pid);

    private static string StatLine(int pid, string comm, ulong utime, ulong stime, ulong start, string state = "R", int threads = 12) =>
        ProcFixture.StatLine(pid, comm, utime, stime, start, state, threads);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sample_FixtureTree_SkipsBrokenProcessesWithOneWarningEach(bool keepFilesOpen)
    {
        using var sampler = CreateSampler(keepFilesOpen);

        var frame = sampler.Sample();

        int[] pids = frame.Processes.ToArray().Select(p => p.Pid).Order().ToArray();
        Assert.Equal([1, 2, 10, 100, 101, 102, 103, 108, 110, 112, 113], pids);
        Assert.Equal(3, frame.Malformed);   // 104 truncated, 105 garbage, 107 overflow
        Assert.Equal(2, frame.Vanished);    // 106 without stat, 109 empty
        var warnings = _log.AtLeast(LogLevel.Warning).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(1001, w.Id.Id));

        sampler.Sample();
        Assert.Equal(3, _log.AtLeast(LogLevel.Warning).Count()); // said once, not every pass
    }

    [Fact]
    public void Sample_HostileNames_ParsedByTheLastParenthesis()
    {
        using var sampler = CreateSampler();

        var frame = sampler.Sample();

        Assert.Equal("dotnet (nested) space", Find(frame, 100).Comm);
        Assert.Equal("(a)))b)", Find(frame, 101).Comm);
        Assert.Equal("two\nlines", Find(frame, 102).Comm);
        Assert.Equal("bad\\xff\\xfeutf8", Find(frame, 103).Comm);
        Assert.Equal("bad\\xff", Find(frame, 103).CommandLine);
        Assert.Equal(12, Find(frame, 100).Threads);
        Assert.Equal('R', Find(frame, 100).State);
    }

    [Fact]
    public void Sample_KernelThreads_RecognisedWithoutExecutableOrMemory()
    {
        using var sampler = CreateSampler();

        var frame = sampler.Sample();

        var kthreadd = Find(frame, 2);
        var worker = Find(frame, 10);
        Assert.True(kthreadd.IsKernelThread);
        Assert.True(worker.IsKernelThread);
        Assert.Equal(2, worker.ParentPid);
        Assert.Null(worker.Exe);
        Assert.Equal(0, worker.RssKb);
        Assert.Equal("", worker.CommandLine);
        Assert.False(Find(frame, 1).IsKernelThread);
        Assert.Equal("/usr/bin/env", Find(frame, 1).Exe);
        Assert.Equal("/sbin/init splash", Find(frame, 1).CommandLine);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sample_DisguisedMiner_DeletedExeAndUidFromItsDirectory(bool keepFilesOpen)
    {
        using var sampler = CreateSampler(keepFilesOpen);

        var miner = Find(sampler.Sample(), 108);

        Assert.Equal("kthreaddi", miner.Comm);
        Assert.Equal("/tmp/.x/kthreaddi", miner.Exe);
        Assert.True(miner.ExeDeleted);
        Assert.Equal("[kworker/0:1]", miner.CommandLine);
        Assert.Equal(ProcFixture.MinerUid, miner.Uid);   // the directory's owner, not root's files inside
        Assert.Equal("xyz00-web", miner.User);
        Assert.False(miner.IsKernelThread);
        Assert.Equal(new DateTimeOffset(2025, 11, 22, 8, 26, 40, TimeSpan.Zero) + TimeSpan.FromSeconds(950), miner.StartTime);
    }

    [Fact]
    public void Sample_TicksAdvance_CpuIsPercentOfOneCoreOverTheInterval()
    {
        using var sampler = CreateSampler();
        var first = sampler.Sample();
        Assert.Equal(0, Find(first, 100).CpuPercent);

        _proc.Rewrite("100/stat", StatLine(100, "dotnet (nested) space", 1000 + 150, 200 + 50, 90_000));
        _time.Advance(TimeSpan.FromSeconds(2));
        var second = sampler.Sample();

        var p = Find(second, 100);
        Assert.Equal(100.0, p.CpuPercent, precision: 6);     // 200 ticks at 100 Hz over 2 s
        Assert.True(p.Changes.HasFlag(ProcessChanges.Cpu));
        Assert.Equal(0, Find(second, 1).CpuPercent);
        Assert.Equal(ProcessChanges.None, Find(second, 1).Changes);
        Assert.Equal(TimeSpan.FromSeconds(2), second.Interval);
        var root = second.Users.ToArray().Single(u => u.Uid == 0);
        Assert.Equal(100.0, root.CpuPercent, precision: 6);
    }

    [Fact]
    public void Sample_PidReused_OldProcessExitsAndTheNewOneStarts()
    {
        using var sampler = CreateSampler();
        sampler.Sample();

        _proc.Rewrite("101/stat", StatLine(101, "reused", 3, 1, 99_000, "S", 1));
        _time.Advance(TimeSpan.FromSeconds(1));
        var frame = sampler.Sample();

        var exited = Assert.Single(frame.Exited.ToArray());
        Assert.Equal(101, exited.Pid);
        Assert.Equal(90_100ul, exited.StartTicks);
        var fresh = Find(frame, 101);
        Assert.Equal(99_000ul, fresh.StartTicks);
        Assert.Equal("reused", fresh.Comm);
        Assert.True(fresh.Changes.HasFlag(ProcessChanges.Started));
    }

    [Fact]
    public void Sample_ProcessGone_ReportedAsExitedOnce()
    {
        using var sampler = CreateSampler();
        sampler.Sample();

        Directory.Delete(_proc.PathOf("102"), recursive: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        var frame = sampler.Sample();

        Assert.Equal(102, Assert.Single(frame.Exited.ToArray()).Pid);
        Assert.DoesNotContain(frame.Processes.ToArray(), p => p.Pid == 102);
        Assert.Empty(sampler.Sample().Exited.ToArray());
        Assert.DoesNotContain(_log.AtLeast(LogLevel.Warning), w => w.Message.Contains("102", StringComparison.Ordinal));
    }

    [Fact]
    public void Sample_BornBetweenPasses_CpuMeasuredFromItsStart()
    {
        using var sampler = CreateSampler();
        sampler.Sample();   // at 1000.0 s after boot

        Directory.CreateDirectory(_proc.PathOf("120"));
        File.WriteAllText(_proc.PathOf("120", "stat"), StatLine(120, "newborn", 20, 5, 100_050)); // born at 1000.5 s
        File.WriteAllText(_proc.PathOf("120", "cmdline"), "newborn\0");
        _time.Advance(TimeSpan.FromSeconds(1));
        var frame = sampler.Sample();

        var born = Find(frame, 120);
        Assert.Equal(50.0, born.CpuPercent, precision: 6);  // 0.25 s of CPU in its 0.5 s of life
        Assert.True(born.Changes.HasFlag(ProcessChanges.Started));
    }

    [Fact]
    public void Sample_BusyProcess_ContextSwitchesAndIoRead()
    {
        using var sampler = CreateSampler();
        var first = Find(sampler.Sample(), 110);
        Assert.False(first.HasDetail);

        _proc.Rewrite("110/stat", StatLine(110, "xz", 400, 20, 96_000, threads: 2));
        _time.Advance(TimeSpan.FromSeconds(1));
        var busy = Find(sampler.Sample(), 110);

        Assert.True(busy.HasDetail);
        Assert.Equal(12ul + 3, busy.VoluntarySwitches);     // summed over both threads
        Assert.Equal(340ul + 60, busy.InvoluntarySwitches);
        Assert.Equal(4096ul, busy.ReadBytes);
        Assert.Equal(8192ul, busy.WriteBytes);
        Assert.Equal(1000ul, busy.ReadChars);
        Assert.Equal(2000ul, busy.WriteChars);
        Assert.True(busy.Changes.HasFlag(ProcessChanges.Detail));
    }

    [Fact]
    public void Sample_Renamed_IdentityReadAgain()
    {
        using var sampler = CreateSampler();
        sampler.Sample();

        _proc.Rewrite("100/stat", StatLine(100, "renamed", 1000, 200, 90_000));
        _time.Advance(TimeSpan.FromSeconds(1));
        var p = Find(sampler.Sample(), 100);

        Assert.Equal("renamed", p.Comm);
        Assert.True(p.Changes.HasFlag(ProcessChanges.Identity));
    }

    [Fact]
    public void Sample_UserTotals_SumTheUsersProcesses()
    {
        using var sampler = CreateSampler();

        var users = sampler.Sample().Users.ToArray().OrderBy(u => u.Uid).ToArray();

        Assert.Equal(2, users.Length);
        Assert.Equal(("root", 10), (users[0].User, users[0].Processes));
        Assert.Equal(("xyz00-web", 1), (users[1].User, users[1].Processes));
        Assert.Equal(600 * Environment.SystemPageSize / 1024, users[1].RssKb);
        Assert.Equal(3, users[1].Threads);
    }

    [Fact]
    public void Sample_SteadyState_AllocatesNothing()
    {
        foreach (string broken in new[] { "104", "105", "106", "107", "109" })
        {
            Directory.Delete(_proc.PathOf(broken), recursive: true);
        }
        using var sampler = CreateSampler();
        for (int i = 0; i < 3; i++)
        {
            sampler.Sample();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            sampler.Sample();
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void SnapshotJson_FixtureTree_MatchesTheGoldenFile()
    {
        using var sampler = CreateSampler();
        sampler.Sample();
        _proc.Rewrite("100/stat", StatLine(100, "dotnet (nested) space", 1050, 210, 90_000));
        _proc.Rewrite("110/stat", StatLine(110, "xz", 400, 20, 96_000, threads: 2));
        _proc.Rewrite("112/stat", StatLine(112, "xmrig", 80_190, 100, 95_500, "S", threads: 4));
        _time.Advance(TimeSpan.FromSeconds(1));
        var frame = sampler.Sample();

        using var stream = new MemoryStream();
        SnapshotJsonWriter.Write(stream, "fixture", frame);
        string actual = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        string golden = RepositoryPaths.Combine("tests", "HsGuard.Agent.Tests", "Fixtures", "snapshot.golden.json");
        if (Environment.GetEnvironmentVariable("HSGUARD_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
        }
        Assert.Equal(File.ReadAllText(golden), actual);
    }
}
