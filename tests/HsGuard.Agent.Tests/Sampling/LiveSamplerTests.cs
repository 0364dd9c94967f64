using System.Diagnostics;
using HsGuard.Agent.Sampling;
using HsGuard.Agent.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Tests.Sampling;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveProcCollection
{
    public const string Name = "live /proc";
}

/// <summary>The sampler against the real /proc, with real processes of our own (the burner).</summary>
[Collection(LiveProcCollection.Name)]
public sealed class LiveSamplerTests : IDisposable
{
    private readonly RecordingLogger _log = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ProcessSampler CreateSampler() =>
        new(new SamplerOptions(), TimeProvider.System, _log, new UserNameCache(TimeProvider.System));

    private static ProcessEntry? Find(SampleFrame frame, int pid) => frame.FindOrNull(pid);

    /// <summary>Two passes a second apart; the entry of <paramref name="pid"/> in the second, and
    /// the CPU the kernel counted for it over (about) the same second, read independently of the
    /// sampler, so that the comparison holds however loaded the machine is.</summary>
    private static (ProcessEntry Entry, double KernelCpuPercent) SampleOverOneSecond(ProcessSampler sampler, int pid)
    {
        var (ticks0, t0) = ReadTicks(pid);
        sampler.Sample();
        Thread.Sleep(1000);
        var entry = Find(sampler.Sample(), pid) ?? throw new Xunit.Sdk.XunitException($"process {pid} not sampled");
        var (ticks1, t1) = ReadTicks(pid);
        return (entry, (ticks1 - ticks0) / 100.0 / (t1 - t0).TotalSeconds * 100);
    }

    private static (ulong Ticks, DateTime At) ReadTicks(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return (ulong.Parse(fields[11], ci) + ulong.Parse(fields[12], ci), DateTime.UtcNow);
    }

    private void AssertNoWarnings() => Assert.Empty(_log.AtLeast(LogLevel.Warning));

    [Fact]
    public void Sample_MultiThreadedBurner_NameThreadsAndCpuAsTheKernelCounts()
    {
        using var burner = Burner.Start("-t", "2", "-n", "hsg-burn-2t");
        using var sampler = CreateSampler();

        var (p, kernel) = SampleOverOneSecond(sampler, burner.Pid);

        Assert.Equal("hsg-burn-2t", p.Comm);
        Assert.Equal(3, p.Threads);                    // main + two workers
        Assert.Equal(Burner.Program, p.Exe);
        Assert.False(p.ExeDeleted);
        Assert.InRange(p.CpuPercent, 5, 210);          // busy (a loaded machine leaves it little), at most two cores' worth
        Assert.InRange(p.CpuPercent, kernel * 0.8 - 5, kernel * 1.2 + 5);
        Assert.True(p.HasDetail);
        Assert.True(p.InvoluntarySwitches > p.VoluntarySwitches); // compute-bound: preempted, never waiting
        Assert.InRange(p.RssKb, 4 * 1024, 64 * 1024);  // two 2 MiB scratchpads
        Assert.Equal(0u, p.Uid);
        Assert.Equal("root", p.User);
        Assert.Equal('S', p.State);   // stat shows the main thread, which waits in pause()
        var root = sampler.Sample().Users.ToArray().Single(u => u.Uid == 0);
        Assert.True(root.Processes > 1);
        AssertNoWarnings();
    }

    [Fact]
    public void Sample_SingleThreadAtHalfDuty_AboutHalfACore()
    {
        using var burner = Burner.Start("-t", "1", "-d", "0.5", "-n", "hsg-half");
        using var sampler = CreateSampler();

        var (p, kernel) = SampleOverOneSecond(sampler, burner.Pid);

        Assert.InRange(p.CpuPercent, 10, 70);
        Assert.InRange(p.CpuPercent, kernel * 0.8 - 5, kernel * 1.2 + 5);
        Assert.True(p.VoluntarySwitches > 20);         // its worker sleeps between bursts
    }

    [Fact]
    public void Sample_BinaryDeletedBeforeFirstPass_ExeDeleted()
    {
        string copy = Burner.CopyTo(_dir.Combine("miner-bin"));
        using var burner = Burner.StartFrom(copy, "-n", "kthreaddi");
        File.Delete(copy);
        using var sampler = CreateSampler();

        var p = Find(sampler.Sample(), burner.Pid)!;

        Assert.True(p.ExeDeleted);
        Assert.Equal(copy, p.Exe);
        Assert.Equal("kthreaddi", p.Comm);
    }

    [Fact]
    public void Sample_BinaryDeletedWhileWatched_NoticedNextPass()
    {
        string copy = Burner.CopyTo(_dir.Combine("dropper"));
        using var burner = Burner.StartFrom(copy);
        using var sampler = CreateSampler();
        Assert.False(Find(sampler.Sample(), burner.Pid)!.ExeDeleted);

        File.Delete(copy);
        Thread.Sleep(200);
        var p = Find(sampler.Sample(), burner.Pid)!;

        Assert.True(p.ExeDeleted);
        Assert.Equal(copy, p.Exe);
        Assert.True(p.Changes.HasFlag(ProcessChanges.Identity));
    }

    [Fact]
    public void Sample_ArgvRewritten_KeepsTheRealExecutable()
    {
        using var burner = Burner.Start("-a", "[kworker/0:1]", "-d", "0.1");
        using var sampler = CreateSampler();

        var p = Find(sampler.Sample(), burner.Pid)!;

        Assert.Equal("[kworker/0:1]", p.CommandLine);
        Assert.Equal(Burner.Program, p.Exe);
        Assert.False(p.IsKernelThread);
    }

    [Fact]
    public void Sample_NameWithSpacesParenthesesAndNewline_ReadFromTheRealStat()
    {
        using var burner = Burner.Start("-n", "a (b) c\nd)", "-d", "0.1");
        using var sampler = CreateSampler();

        Assert.Equal("a (b) c\nd)", Find(sampler.Sample(), burner.Pid)!.Comm);
    }

    [Fact]
    public void Sample_NonDumpableProcessOfAnotherUser_UidFromItsDirectory()
    {
        const uint nobody = 65534;
        using var burner = Burner.Start("-u", "65534", "-D", "-d", "0.1", "-n", "hsg-nodump");
        Thread.Sleep(100);
        // The case is real: its files are root's now, only the directory tells the truth.
        Assert.Equal(0, GetOwner($"/proc/{burner.Pid}/stat"));
        using var sampler = CreateSampler();

        var p = Find(sampler.Sample(), burner.Pid)!;

        Assert.Equal(nobody, p.Uid);
        Assert.Equal("nobody", p.User);
    }

    [Fact]
    public void Sample_RealKernelThreads_RecognisedAsSuch()
    {
        using var sampler = CreateSampler();

        var frame = sampler.Sample();

        var kthreadd = Find(frame, 2)!;
        Assert.True(kthreadd.IsKernelThread);
        var children = frame.Processes.ToArray().Where(p => p.ParentPid == 2).ToList();
        Assert.NotEmpty(children);
        Assert.All(children, k =>
        {
            Assert.True(k.IsKernelThread, k.Comm);
            Assert.Null(k.Exe);
            Assert.Equal(0, k.RssKb);
        });
        Assert.False(Find(frame, Environment.ProcessId)!.IsKernelThread);
    }

    [Fact]
    public void Sample_ProcessExits_ReportedAsExited()
    {
        var burner = Burner.Start("-d", "0.1");
        using var sampler = CreateSampler();
        var seen = Find(sampler.Sample(), burner.Pid)!;
        ulong start = seen.StartTicks;

        burner.Dispose();
        var frame = sampler.Sample();

        var exited = frame.Exited.ToArray().Single(p => p.Pid == burner.Pid);
        Assert.Equal(start, exited.StartTicks);
        Assert.Null(Find(frame, burner.Pid));
    }

    [Fact]
    public void Sample_Exec_IdentityFollowsTheNewProgram()
    {
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"sleep 0.6; exec {Burner.Program} -d 0.2 -n hsg-execd"]))!;
        try
        {
            using var sampler = CreateSampler();
            Thread.Sleep(200);
            Assert.Equal("sh", Find(sampler.Sample(), shell.Id)!.Comm);

            Thread.Sleep(1200);
            var p = Find(sampler.Sample(), shell.Id)!;

            Assert.Equal("hsg-execd", p.Comm);
            Assert.Equal(Burner.Program, p.Exe);
            Assert.Contains("-n hsg-execd", p.CommandLine, StringComparison.Ordinal);
            Assert.True(p.Changes.HasFlag(ProcessChanges.Identity));
        }
        finally
        {
            shell.Kill();
            shell.WaitForExit();
        }
    }

    [Fact]
    public async Task Sample_ManyShortLivedProcesses_SkippedWithoutNoise()
    {
        using var sampler = CreateSampler();
        using var stop = new CancellationTokenSource();
        var spawner = Task.Run(async () =>
        {
            int started = 0;
            while (!stop.IsCancellationRequested)
            {
                using var p = Process.Start(new ProcessStartInfo(Burner.Program, ["-e"]) { UseShellExecute = false })!;
                await p.WaitForExitAsync();
                started++;
            }
            return started;
        });

        int malformed = 0;
        var until = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < until)
        {
            malformed += sampler.Sample().Malformed;
        }
        stop.Cancel();
        int spawned = await spawner;

        Assert.True(spawned > 50, $"only {spawned} short-lived processes");
        Assert.Equal(0, malformed);
        AssertNoWarnings();
    }

    private static long GetOwner(string path)
    {
        var info = new FileInfo(path);
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u", info.FullName]) { RedirectStandardOutput = true })!;
        string output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
