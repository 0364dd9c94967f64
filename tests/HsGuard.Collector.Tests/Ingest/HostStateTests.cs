using Grpc.Core;
using HsGuard.Collector.Ingest;
using HsGuard.Collector.Tests.Support;

namespace HsGuard.Collector.Tests.Ingest;

public sealed class HostStateTests
{
    private static readonly IngestOptions Options = new() { HistoryLength = 10, MaxProcessesPerHost = 100 };

    private static HostState Greeted(out bool known, string instance = "i-1")
    {
        var state = new HostState("web1", Options);
        (_, known) = state.Greet(Batches.Hello(instance: instance), Batches.Epoch);
        return state;
    }

    [Fact]
    public void Apply_StartedUpdatedExited_TableFollows()
    {
        var state = Greeted(out _);

        state.Apply(Batches.Batch(1, keyframe: true).With(Batches.Started(10), Batches.Started(11)), Batches.Epoch);
        state.Apply(Batches.Batch(2).Updating(Batches.Cpu(10, 95f)).Exiting(11), Batches.Epoch);

        var p = Assert.Single(state.Live);
        Assert.Equal(10, p.Pid);
        Assert.Equal("php-fpm", p.Comm);
        Assert.Equal(95f, p.CpuPercent);
        Assert.False(p.Incomplete);
        Assert.Equal(11, Assert.Single(state.Exited).Pid);
        Assert.Equal(2ul, state.LastSeq);
    }

    [Fact]
    public void Apply_NotNamedAgain_CpuFallsToZero()
    {
        var state = Greeted(out _);
        state.Apply(Batches.Batch(1, keyframe: true).With(Batches.Started(10)), Batches.Epoch);
        state.Apply(Batches.Batch(2).Updating(Batches.Cpu(10, 80f)), Batches.Epoch);

        state.Apply(Batches.Batch(3), Batches.Epoch);

        Assert.Equal(0f, Assert.Single(state.Live).CpuPercent);
    }

    [Fact]
    public void Apply_SameSeqTwice_AppliedOnce()
    {
        var state = Greeted(out _);
        var batch = Batches.Batch(1, keyframe: true).With(Batches.Started(10));

        Assert.True(state.Apply(batch, Batches.Epoch));
        Assert.False(state.Apply(batch, Batches.Epoch));

        Assert.Equal(1, state.BatchesApplied);
        Assert.Equal(1, state.DuplicatesIgnored);
    }

    [Fact]
    public void Apply_GapNotExplained_ProtocolViolation()
    {
        var state = Greeted(out _);
        state.Apply(Batches.Batch(1, keyframe: true), Batches.Epoch);

        var e = Assert.Throws<ProtocolViolation>(() => state.Apply(Batches.Batch(5), Batches.Epoch));

        Assert.Equal(StatusCode.InvalidArgument, e.Status);
        Assert.Contains("3 missing", e.Message, StringComparison.Ordinal);
        Assert.Equal(1ul, state.LastSeq);
    }

    [Fact]
    public void Apply_GapTheAgentDropped_Accepted()
    {
        var state = Greeted(out _);
        state.Apply(Batches.Batch(1, keyframe: true), Batches.Epoch);

        Assert.True(state.Apply(Batches.Batch(5, dropped: 3), Batches.Epoch));

        Assert.Equal(3, state.BatchesDroppedByAgent);
    }

    [Fact]
    public void Apply_UpdateOfUnknownProcess_IncompleteUntilAKeyframe()
    {
        var state = Greeted(out _);
        state.Apply(Batches.Batch(7).Updating(Batches.Cpu(10, 50f)), Batches.Epoch);
        Assert.True(Assert.Single(state.Live).Incomplete);

        state.Apply(Batches.Batch(8, keyframe: true).With(Batches.Started(10, "kthreaddi")), Batches.Epoch);

        var p = Assert.Single(state.Live);
        Assert.False(p.Incomplete);
        Assert.Equal("kthreaddi", p.Comm);
    }

    [Fact]
    public void Apply_Keyframe_ProcessesItDoesNotListAreGone()
    {
        var state = Greeted(out _);
        state.Apply(Batches.Batch(1, keyframe: true).With(Batches.Started(10), Batches.Started(11)), Batches.Epoch);

        state.Apply(Batches.Batch(2, keyframe: true).With(Batches.Started(10)), Batches.Epoch);

        Assert.Equal(10, Assert.Single(state.Live).Pid);
        Assert.Equal(11, Assert.Single(state.Exited).Pid);
    }

    [Fact]
    public void Apply_MoreProcessesThanTheLimit_ResourceExhaustedAndNothingApplied()
    {
        var state = Greeted(out _);
        var batch = Batches.Batch(1, keyframe: true);
        for (int pid = 1; pid <= Options.MaxProcessesPerHost + 1; pid++)
        {
            batch.Started.Add(Batches.Started(pid));
        }

        var e = Assert.Throws<ProtocolViolation>(() => state.Apply(batch, Batches.Epoch));

        Assert.Equal(StatusCode.ResourceExhausted, e.Status);
        Assert.Empty(state.Live);
    }

    [Fact]
    public void Greet_SameInstance_StateKnownAndResumes()
    {
        var state = Greeted(out bool first);
        state.Apply(Batches.Batch(1, keyframe: true), Batches.Epoch);

        var (lastSeq, known) = state.Greet(Batches.Hello(), Batches.Epoch);

        Assert.False(first);
        Assert.True(known);
        Assert.Equal(1ul, lastSeq);
    }

    [Fact]
    public void Greet_NewInstance_CountsAgainButKeepsTheProcesses()
    {
        var state = Greeted(out _);
        state.Apply(Batches.Batch(9, keyframe: true).With(Batches.Started(10)), Batches.Epoch);

        var (lastSeq, known) = state.Greet(Batches.Hello(instance: "i-2"), Batches.Epoch);

        Assert.False(known);
        Assert.Equal(0ul, lastSeq);
        Assert.Single(state.Live);
        Assert.True(state.Apply(Batches.Batch(1, keyframe: true).With(Batches.Started(10)), Batches.Epoch));
    }

    [Fact]
    public void Greet_NewBoot_ForgetsTheProcesses()
    {
        var state = Greeted(out _);
        state.Apply(Batches.Batch(1, keyframe: true).With(Batches.Started(10)), Batches.Epoch);

        state.Greet(Batches.Hello(instance: "i-2", boot: "boot-2"), Batches.Epoch);

        Assert.Empty(state.Live);
        Assert.Single(state.Exited);
    }

    [Fact]
    public void History_BoundedAndOldestDropped()
    {
        var state = Greeted(out _);
        state.Apply(Batches.Batch(1, keyframe: true).With(Batches.Started(10)), Batches.Epoch);
        for (ulong seq = 2; seq <= 30; seq++)
        {
            state.Apply(Batches.Batch(seq).Updating(Batches.Cpu(10, seq)), Batches.Epoch);
        }

        var points = Assert.Single(state.Live).History.ToArray();

        Assert.Equal(Options.HistoryLength, points.Length);
        Assert.Equal(30f, points[^1].CpuPercent);
        Assert.Equal(21f, points[0].CpuPercent);
    }

    [Fact]
    public void Apply_DeepLooksStopForLongerThanTheWindow_CountersLetGoAndStartAgain()
    {
        var state = Greeted(out _);
        state.Apply(Batches.Batch(1, keyframe: true).With(Batches.Started(10), Batches.Started(11)), Batches.Epoch);
        ulong seq = 2;
        // Both busy with deep looks for 30 s; then 10 goes quiet and 11 stays busy for 3 minutes.
        for (; seq <= 31; seq++)
        {
            state.Apply(Batches.Batch(seq).Updating(Deep(10, seq), Deep(11, seq)), Batches.Epoch.AddSeconds(seq));
        }
        var quiet = state.Find(10, 5000)!;
        var busy = state.Find(11, 5000)!;
        Assert.NotNull(quiet.Counters);
        for (; seq <= 211; seq++)
        {
            state.Apply(Batches.Batch(seq).Updating(Deep(11, seq)), Batches.Epoch.AddSeconds(seq));
        }

        Assert.Null(quiet.Counters);
        Assert.Null(quiet.LatestCounters);
        Assert.NotNull(busy.Counters);
        Assert.Equal(Batches.Epoch.AddSeconds(211).ToUnixTimeMilliseconds(), busy.LatestCounters!.Value.UnixMilliseconds);

        // Busy again: counted from its new deep looks only.
        state.Apply(Batches.Batch(seq).Updating(Deep(10, seq)), Batches.Epoch.AddSeconds(seq));
        Assert.Equal(1, quiet.Counters!.Count);
        Assert.Equal(Batches.Epoch.AddSeconds(seq).ToUnixTimeMilliseconds(), quiet.LatestCounters!.Value.UnixMilliseconds);
    }

    [Fact]
    public void Apply_QuietForLessThanTheWindow_CountersKept()
    {
        var state = Greeted(out _);
        state.Apply(Batches.Batch(1, keyframe: true).With(Batches.Started(10)), Batches.Epoch);
        state.Apply(Batches.Batch(2).Updating(Deep(10, 2)), Batches.Epoch.AddSeconds(2));
        ulong seq = 3;
        // Quiet for 50 s, with a trim pass at the minute.
        for (; seq <= 63; seq++)
        {
            state.Apply(Batches.Batch(seq), Batches.Epoch.AddSeconds(seq));
        }

        var p = state.Find(10, 5000)!;
        Assert.True(ProcessRecord.CounterRetention > TimeSpan.FromSeconds(61));
        Assert.Equal(Batches.Epoch.AddSeconds(2).ToUnixTimeMilliseconds(), p.LatestCounters!.Value.UnixMilliseconds);
    }

    [Fact]
    public void Apply_SpellsAndTimes_KeptExactly()
    {
        var state = Greeted(out _);
        var first = Batches.Epoch.AddSeconds(1);
        state.Apply(Batches.Batch(1, keyframe: true).With(Batches.Started(10)), first);
        for (ulong seq = 2; seq <= 5; seq++)
        {
            state.Apply(Batches.Batch(seq).Updating(Batches.Cpu(10, 90f)), Batches.Epoch.AddSeconds(seq));
        }
        state.Apply(Batches.Batch(6).Exiting(10), Batches.Epoch.AddSeconds(6));

        var p = Assert.Single(state.Exited);
        Assert.Equal(Batches.Epoch.AddSeconds(1), p.FirstSeen);
        Assert.Equal(Batches.Epoch.AddSeconds(5), p.LastSeen);
        Assert.Equal(Batches.Epoch.AddSeconds(2), p.BusySince);
        Assert.Equal(Batches.Epoch.AddSeconds(2), p.ActiveSince);
        Assert.Null(p.SaturatedSince);
        Assert.Equal(Batches.Epoch.AddSeconds(6), p.ExitedAt);
    }

    private static HsGuard.Protocol.V1.ProcessSample Deep(int pid, ulong second)
    {
        var sample = Batches.Cpu(pid, 90f);
        sample.CpuTicks = second * 90;
        sample.Detail = new HsGuard.Protocol.V1.ProcessDetail { VoluntaryCtxtSwitches = second, NonvoluntaryCtxtSwitches = second * 10 };
        return sample;
    }
}
