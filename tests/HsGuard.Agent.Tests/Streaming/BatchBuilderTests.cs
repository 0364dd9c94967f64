using HsGuard.Agent.Sampling;
using HsGuard.Agent.Streaming;
using HsGuard.Agent.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HsGuard.Agent.Tests.Streaming;

/// <summary>Batches built from passes over the crafted /proc tree.</summary>
public sealed class BatchBuilderTests : IDisposable
{
    private readonly ProcFixture _proc = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly ProcessSampler _sampler;
    private readonly BatchBuilder _builder = new();

    public BatchBuilderTests()
    {
        _sampler = new ProcessSampler(new SamplerOptions { ProcRoot = _proc.Root }, _time, new RecordingLogger(),
            new UserNameCache(uid => uid == 0 ? "root" : null, _time));
    }

    public void Dispose()
    {
        _sampler.Dispose();
        _proc.Dispose();
    }

    private HsGuard.Protocol.V1.Batch Next()
    {
        var batch = _builder.Build(_sampler.Sample());
        _time.Advance(TimeSpan.FromSeconds(1));
        return batch;
    }

    [Fact]
    public void Build_FirstPass_KeyframeWithEveryProcessInFull()
    {
        var batch = Next();

        Assert.Equal(1ul, batch.Seq);
        Assert.True(batch.Keyframe);
        Assert.Equal((int)batch.ProcessCount, batch.Started.Count);
        var miner = batch.Started.Single(p => p.Pid == 108);
        Assert.Equal("kthreaddi", miner.Comm);
        Assert.Equal("/tmp/.x/kthreaddi", miner.Exe);
        Assert.True(miner.ExeDeleted);
        Assert.Equal("[kworker/0:1]", miner.Cmdline);
        Assert.Equal(ProcFixture.MinerUid, miner.Uid);
        Assert.True(miner.HasPpid && miner.HasState && miner.HasThreads && miner.HasRssKb && miner.HasCpuTicks);
        Assert.Empty(batch.Updated);
    }

    [Fact]
    public void Build_SteadyPass_OnlyWhatChangedOfWhatChanged()
    {
        Next();
        _proc.Rewrite("100/stat", "100 (dotnet (nested) space) R 1 100 100 0 -1 4194560 100 0 0 0 1100 200 0 0 20 0 12 0 90000 10000000 20000\n");

        var batch = Next();

        Assert.Equal(2ul, batch.Seq);
        Assert.False(batch.Keyframe);
        Assert.Empty(batch.Started);
        var changed = Assert.Single(batch.Updated);
        Assert.Equal(100, changed.Pid);
        Assert.Equal(90000ul, changed.StartTicks);
        Assert.True(changed.HasCpuPercent && changed.HasCpuTicks);
        Assert.Equal(1300ul, changed.CpuTicks);
        Assert.False(changed.HasComm || changed.HasExe || changed.HasCmdline || changed.HasUid || changed.HasState);
    }

    [Fact]
    public void Build_ProcessGone_Exited()
    {
        Next();
        Directory.Delete(_proc.PathOf("102"), recursive: true);

        var batch = Next();

        var gone = Assert.Single(batch.Exited);
        Assert.Equal((102, 90200ul), (gone.Pid, gone.StartTicks));
    }

    [Fact]
    public void Build_KeyframeRequested_NextBatchListsEverything()
    {
        Next();
        _builder.RequestKeyframe();

        var batch = Next();

        Assert.True(batch.Keyframe);
        Assert.Equal((int)batch.ProcessCount, batch.Started.Count);
        Assert.False(Next().Keyframe);
    }

    [Fact]
    public void Build_BusyMiner_DeepLookSentWithItsDetail()
    {
        Next();
        _proc.Rewrite("112/stat", ProcFixture.StatLine(112, "xmrig", 80_190, 100, 95_500, "S", threads: 4));

        var batch = Next();

        var miner = Assert.Single(batch.Updated, p => p.Pid == 112);
        var deep = miner.Detail.Deep;
        Assert.NotNull(deep);
        Assert.Equal((4u, 1u, 90f, 90f), (deep.Threads.Count, deep.Threads.Busy, deep.Threads.BusyCpuMax, deep.Threads.BusyCpuMin));
        Assert.Equal((3u, 2u), (deep.Threads.Pinned, deep.Threads.PinnedCpus));
        Assert.Equal((3u, 0, 19), (deep.Threads.DistinctNice, deep.Threads.NiceMin, deep.Threads.NiceMax));
        Assert.Equal(("/dev/null", "/dev/null", "/dev/null"), (deep.Stdin, deep.Stdout, deep.Stderr));
        Assert.Equal(13u, deep.OpenFiles);
        Assert.True(deep.MsrOpen);
        Assert.Equal((4096ul, 2048ul), (deep.AnonHugePagesKb, deep.HugetlbPagesKb));
        Assert.Equal(4, deep.Connections.Count);
        var pool = deep.Connections[0];
        Assert.Equal(("192.0.2.2", 52838u, "10.255.255.1", 3333u, "ESTABLISHED"),
            (pool.LocalAddress, pool.LocalPort, pool.RemoteAddress, pool.RemotePort, pool.State));
        Assert.Equal(("::1", "::1"), (deep.Connections[3].LocalAddress, deep.Connections[3].RemoteAddress));
        Assert.All(batch.Updated.Where(p => p.Pid != 112), p => Assert.Null(p.Detail?.Deep));
    }

    [Fact]
    public void Build_Users_EveryUserWithItsTotals()
    {
        var batch = Next();

        Assert.Equal(2, batch.Users.Count);
        Assert.Equal(1u, batch.Users.Single(u => u.Uid == ProcFixture.MinerUid).Processes);
    }
}
