using HsGuard.Protocol.V1;
using HsGuard.Testing;

namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>Suspend, resume and kill with real processes and real signals, each way a suspension
/// can hold.</summary>
[Collection(EnforcementCollection.Name)]
public sealed class SuspendResumeKillTests(EnforcementFixture fixture)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Theory]
    [MemberData(nameof(Methods.All), MemberType = typeof(Methods))]
    public async Task Suspend_TwoThreadBurner_HeldAndItsTicksStop(string cgroupRoot)
    {
        await using var h = new EnforcerHarness(fixture, cgroupRoot);
        await WarmUpAsync(h);
        var burner = h.StartBurner("-t", "2", "-n", "hsg-enf-2t");
        await ProcStat.AssertRunsAsync(burner.Pid);

        var result = await h.SuspendAsync(burner.Pid);

        Assert.Equal(CommandStatus.Done, result.Status);
        Assert.Equal(h.Enforcer.Method, result.Method);
        var outcome = Assert.Single(result.Processes);
        Assert.Equal((burner.Pid, "hsg-enf-2t"), (outcome.Pid, outcome.Comm));
        Assert.Equal(cgroupRoot == Methods.Signals ? "stopped" : "frozen", outcome.Outcome);
        Assert.Equal(Methods.HeldState(result.Method), ProcStat.Of(burner.Pid).State);
        await ProcStat.AssertHeldAsync(burner.Pid, Second);
        // From the command received to its result queued, as the enforcer logs it.
        var done = h.Log.Entries.Last(e => e.Id.Id == 7002);
        TestContext.Current.TestOutputHelper?.WriteLine($"{result.Method}: {done.Message}");
        // The result goes first, then the evidence bundle, then its chunks.
        var sent = h.Drain();
        Assert.Equal(
            [AgentMessage.BodyOneofCase.CommandResult, AgentMessage.BodyOneofCase.Evidence],
            sent.Take(2).Select(m => m.BodyCase));
        Assert.All(sent.Skip(2), m => Assert.Equal(AgentMessage.BodyOneofCase.EvidenceChunk, m.BodyCase));
        h.AssertNoErrors();
    }

    [Theory]
    [MemberData(nameof(Methods.All), MemberType = typeof(Methods))]
    public async Task Resume_Suspended_RunsAgainAndTheCgroupIsGone(string cgroupRoot)
    {
        await using var h = new EnforcerHarness(fixture, cgroupRoot);
        var burner = h.StartBurner("-t", "2");
        var suspended = await h.SuspendAsync(burner.Pid, incident: 7);
        Assert.Equal(CommandStatus.Done, suspended.Status);
        string[] cgroups = CgroupsOf(fixture);

        var result = await h.ExecuteAsync(h.Command(CommandKind.Resume, burner.Pid, incident: 7));

        Assert.Equal(CommandStatus.Done, result.Status);
        Assert.Equal("resumed", Assert.Single(result.Processes).Outcome);
        await ProcStat.AssertRunsAsync(burner.Pid);
        Assert.Empty(h.Enforcer.Suspensions);
        if (cgroupRoot != Methods.Signals)
        {
            Assert.Single(cgroups);
            Assert.False(Directory.Exists(cgroups[0]));
        }
        h.AssertNoErrors();
    }

    [Theory]
    [MemberData(nameof(Methods.All), MemberType = typeof(Methods))]
    public async Task Kill_Suspended_Gone(string cgroupRoot)
    {
        await using var h = new EnforcerHarness(fixture, cgroupRoot);
        var burner = h.StartBurner("-t", "2");
        await h.SuspendAsync(burner.Pid, incident: 8);

        var result = await h.ExecuteAsync(h.Command(CommandKind.Kill, burner.Pid, incident: 8));

        Assert.Equal(CommandStatus.Done, result.Status);
        Assert.Equal("killed", Assert.Single(result.Processes).Outcome);
        Assert.True(ProcStat.IsGone(burner.Pid));
        Assert.Empty(h.Enforcer.Suspensions);
        Assert.Empty(CgroupsOf(fixture));
        h.AssertNoErrors();
    }

    [Theory]
    [MemberData(nameof(Methods.All), MemberType = typeof(Methods))]
    public async Task SuspendTree_ShellWithTwoBurners_AllHeldThenKilled(string cgroupRoot)
    {
        await using var h = new EnforcerHarness(fixture, cgroupRoot);
        var (shell, children) = await StartShellWithTwoBurnersAsync(h);

        var result = await h.SuspendAsync(shell.Pid, CommandScope.Tree, incident: 9);

        Assert.Equal(CommandStatus.Done, result.Status);
        Assert.Equal([shell.Pid, .. children.Order()], result.Processes.Select(p => p.Pid).Order().ToArray());
        Assert.Equal(shell.Pid, result.Processes[0].Pid);   // the parent first
        foreach (int child in children)
        {
            Assert.Equal(Methods.HeldState(result.Method), ProcStat.Of(child).State);
        }

        var killed = await h.ExecuteAsync(h.Command(CommandKind.Kill, shell.Pid, incident: 9));

        AssertAllKilled(killed, [shell.Pid, .. children]);
        h.AssertNoErrors();
    }

    [Fact]
    public async Task Kill_RunningTreeWithoutSuspension_AllGone()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);
        var (shell, children) = await StartShellWithTwoBurnersAsync(h);

        var result = await h.ExecuteAsync(h.Command(CommandKind.Kill, shell.Pid, CommandScope.Tree, incident: 0));

        AssertAllKilled(result, [shell.Pid, .. children]);
        h.AssertNoErrors();
    }

    [Fact]
    public async Task Suspend_RightPidWrongStartTime_RefusedAndUntouched()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);
        var burner = h.StartBurner("-t", "1");
        ulong start = ProcStat.Of(burner.Pid).StartTicks;

        var result = await h.ExecuteAsync(h.Command(CommandKind.Suspend, burner.Pid, startTicks: start - 1));

        Assert.Equal(CommandStatus.Refused, result.Status);
        Assert.Equal($"pid {burner.Pid} now belongs to another process", result.Reason);
        Assert.Empty(h.Enforcer.Suspensions);
        await ProcStat.AssertRunsAsync(burner.Pid);
        Assert.Empty(CgroupsOf(fixture));
    }

    [Fact]
    public async Task Suspend_Expired_RefusedUntouched()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);
        var burner = h.StartBurner("-t", "1");
        var command = h.Command(CommandKind.Suspend, burner.Pid);
        command.ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-1));

        var result = await h.ExecuteAsync(command);

        Assert.Equal((CommandStatus.Refused, "expired"), (result.Status, result.Reason));
        Assert.Empty(h.Enforcer.Suspensions);
        await ProcStat.AssertRunsAsync(burner.Pid);
    }

    [Fact]
    public async Task Execute_SameCommandIdTwice_CarriedOutOnceAnsweredTwice()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);
        var burner = h.StartBurner("-t", "1");
        var command = h.Command(CommandKind.Suspend, burner.Pid, incident: 11);
        var first = await h.ExecuteAsync(command);
        await h.ExecuteAsync(h.Command(CommandKind.Resume, 0, incident: 11));
        h.Drain();

        var again = await h.ExecuteAsync(command.Clone());

        Assert.Same(first, again);
        Assert.Empty(h.Enforcer.Suspensions);                        // not suspended a second time
        await ProcStat.AssertRunsAsync(burner.Pid);
        Assert.Equal(first, Assert.Single(h.Drain()).CommandResult);  // its result sent again
    }

    [Fact]
    public async Task Resume_UnknownIncident_Refused()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);

        var result = await h.ExecuteAsync(h.Command(CommandKind.Resume, 0, incident: 99));

        Assert.Equal((CommandStatus.Refused, "no suspension for incident 99"), (result.Status, result.Reason));
    }

    [Fact]
    public async Task Suspend_ExitedTarget_Gone()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);
        var burner = h.StartBurner("-t", "1");
        var command = h.Command(CommandKind.Suspend, burner.Pid);
        h.Stop(burner);

        var result = await h.ExecuteAsync(command);

        Assert.Equal((CommandStatus.Gone, $"pid {burner.Pid} has exited"), (result.Status, result.Reason));
    }

    /// <summary>A member's shell with two burners as its children.</summary>
    private static async Task<(UserScript Shell, List<int> Children)> StartShellWithTwoBurnersAsync(EnforcerHarness h)
    {
        var shell = h.RunAsUser($"{Burner.Program} -t 1 & {Burner.Program} -t 1 & wait");
        return (shell, await WaitForChildrenAsync(shell.Pid, 2));
    }

    private static void AssertAllKilled(CommandResult result, int[] pids)
    {
        Assert.Equal(CommandStatus.Done, result.Status);
        Assert.Equal(pids.Order(), result.Processes.Where(p => p.Outcome == "killed").Select(p => p.Pid).Order());
        Assert.All(pids, p => Assert.True(ProcStat.IsGone(p)));
    }

    /// <summary>One suspend and resume first, so that a measured one does not pay for the JIT.</summary>
    private static async Task WarmUpAsync(EnforcerHarness h)
    {
        var burner = h.StartBurner("-t", "1");
        await h.SuspendAsync(burner.Pid, incident: 1000);
        await h.ExecuteAsync(h.Command(CommandKind.Resume, 0, incident: 1000));
        h.Stop(burner);
        h.Drain();
    }

    internal static string[] CgroupsOf(EnforcementFixture fixture) =>
        [.. EnforcementFixture.CgroupRoots.Select(r => Path.Combine(r, fixture.CgroupParent)).Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)];

    internal static async Task<List<int>> WaitForChildrenAsync(int pid, int count)
    {
        for (int i = 0; i < 200; i++)
        {
            var children = ProcStat.ChildrenOf(pid);
            if (children.Count >= count && children.All(c => ProcStat.Of(c).Ticks > 0))
            {
                return children;
            }
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"pid {pid} did not start {count} children");
    }
}
