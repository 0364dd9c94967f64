using HsGuard.Agent.Native;
using HsGuard.Protocol.V1;
using HsGuard.Testing;

namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>A suspension holds against what the attacker's user does next: a watchdog sending
/// SIGCONT, a watchdog starting the miner again, the miner exiting; and against an agent restart.
/// The enforcer runs in its service loop here, commands through its inbox.</summary>
[Collection(EnforcementCollection.Name)]
public sealed class ReassertTests(EnforcementFixture fixture)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    [Theory]
    [MemberData(nameof(Methods.All), MemberType = typeof(Methods))]
    public async Task Watchdog_SigcontEvery100ms_BurnerStaysHeld(string cgroupRoot)
    {
        await using var h = new EnforcerHarness(fixture, cgroupRoot);
        await h.StartServiceAsync(Tick);
        var burner = h.StartBurner("-t", "2");
        await SuspendThroughInboxAsync(h, burner.Pid);

        h.RunAsUser($"while kill -CONT {burner.Pid}; do sleep 0.1; done");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        ulong ticks = await ProcStat.TicksOverAsync(burner.Pid, TimeSpan.FromSeconds(3));

        TestContext.Current.TestOutputHelper?.WriteLine($"{h.Enforcer.Method}: {ticks} ticks in 3 s under a SIGCONT watchdog");
        if (cgroupRoot == Methods.Signals)
        {
            // Stopped again within a recheck (20 ms) of every SIGCONT: a sliver of the 600 ticks
            // that two threads would burn in 3 s.
            Assert.InRange(ticks, 0ul, 120ul);
            var update = (await h.WaitForAsync(IsUpdate, TimeSpan.FromSeconds(2))).CommandResult;
            Assert.Contains("let run by another process and held again", update.Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(0ul, ticks);
        }
        h.AssertNoErrors();
    }

    [Theory]
    [MemberData(nameof(Methods.All), MemberType = typeof(Methods))]
    public async Task Watchdog_StartsTheMinerAgain_NewOneJoinsWithinTwoTicks(string cgroupRoot)
    {
        await using var h = new EnforcerHarness(fixture, cgroupRoot);
        await h.StartServiceAsync(Tick);
        var first = h.StartBurner("-t", "1");
        await SuspendThroughInboxAsync(h, first.Pid, CommandScope.Process);
        h.Drain();

        var again = h.StartBurner("-t", "1");
        var update = (await h.WaitForAsync(IsUpdate, 3 * Tick)).CommandResult;

        var joined = Assert.Single(update.Processes);
        Assert.Equal((again.Pid, "joined"), (joined.Pid, joined.Outcome));
        Assert.Contains($"runs {Burner.Program}, as the suspended process does", update.Reason, StringComparison.Ordinal);
        Assert.Equal(1, update.IncidentId);
        await ProcStat.AssertHeldAsync(again.Pid, TimeSpan.FromSeconds(1));

        // A copy under another name is known by its hash.
        string copy = Burner.CopyTo(h.Directory.Combine("kworker"));
        var renamed = h.StartBurnerFrom(copy, "-t", "1");
        update = (await h.WaitForAsync(IsUpdate, 3 * Tick)).CommandResult;
        Assert.Equal((renamed.Pid, "joined"), (update.Processes[0].Pid, update.Processes[0].Outcome));
        Assert.Contains("(same SHA-256)", update.Reason, StringComparison.Ordinal);
        h.AssertNoErrors();
    }

    [Theory]
    [InlineData(Methods.Unified)]
    [InlineData(Methods.Signals)]
    public async Task Member_ExitsWhileSuspended_UpdateGoneNotAnError(string cgroupRoot)
    {
        // Not with the v1 freezer: a task it froze cannot exit (even SIGKILL waits for a thaw).
        await using var h = new EnforcerHarness(fixture, cgroupRoot);
        await h.StartServiceAsync(Tick);
        var burner = h.StartBurner("-t", "1");
        var command = await SuspendThroughInboxAsync(h, burner.Pid);

        TestUser.Kill(burner.Pid);
        var update = (await h.WaitForAsync(IsUpdate, 3 * Tick)).CommandResult;

        Assert.Equal((command.Id, CommandStatus.Update), (update.CommandId, update.Status));
        Assert.Equal((burner.Pid, "gone"), (update.Processes[0].Pid, update.Processes[0].Outcome));
        Assert.Equal($"pid {burner.Pid} (burner) exited while suspended", update.Reason);
        Assert.Empty(h.Enforcer.Suspensions[1].Members);
        h.AssertNoErrors();
    }

    [Theory]
    [MemberData(nameof(Methods.All), MemberType = typeof(Methods))]
    public async Task AgentRestart_SuspensionHoldsAndResumes(string cgroupRoot)
    {
        await using var h = new EnforcerHarness(fixture, cgroupRoot);
        var burner = h.StartBurner("-t", "1");
        await h.SuspendAsync(burner.Pid, incident: 21);
        if (cgroupRoot != Methods.Signals)
        {
            // With a freezer the cgroups are enough to find the suspensions again.
            File.Delete(h.Options.StateFile);
        }

        var restarted = h.Restart();
        Assert.Equal([21L], restarted.Suspensions.Keys);
        // A watchdog's SIGCONT between the restart and the first tick: stopped again by it.
        Posix.Kill(burner.Pid, Posix.SIGCONT);
        restarted.Reassert();
        await ProcStat.AssertHeldAsync(burner.Pid, TimeSpan.FromSeconds(1));

        var result = await h.ExecuteAsync(h.Command(CommandKind.Resume, 0, incident: 21));
        Assert.Equal(CommandStatus.Done, result.Status);
        await ProcStat.AssertRunsAsync(burner.Pid);
    }

    private static bool IsUpdate(AgentMessage m) => m.CommandResult?.Status == CommandStatus.Update;

    private static async Task<Command> SuspendThroughInboxAsync(EnforcerHarness h, int pid, CommandScope scope = CommandScope.Tree)
    {
        var command = h.Command(CommandKind.Suspend, pid, scope);
        Assert.True(h.Inbox!.Accept(command));
        var result = (await h.WaitForAsync(m => m.CommandResult?.CommandId == command.Id, TimeSpan.FromSeconds(5))).CommandResult;
        Assert.Equal(CommandStatus.Done, result.Status);
        return command;
    }
}
