using System.Globalization;
using System.Security.Cryptography;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Response;
using HsGuard.Collector.Tests.Evaluation;
using HsGuard.Collector.Tests.Support;
using HsGuard.Protocol.V1;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Response;

/// <summary>
/// The response end to end: the real agent (a process of its own) samples this host, the real
/// collector detects a disguised burner of a member-like user, its policy orders the suspension,
/// the agent freezes the tree and sends its evidence; the hostmaster's resume and kill go the same
/// way (<see cref="ResponseService.RequestAsync"/>). What the agent does on its own (each method,
/// the v1 freezer, signals) is tested in HsGuard.Agent.Tests; here, the path through the collector.
/// </summary>
[Collection(EnforcingCollection.Name)]
public sealed class ResponseEndToEndTests(EnforcingRig rig) : IAsyncLifetime
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Whatever a test left running as the user goes, by pid (the agent's suspensions of
    /// those processes see them gone).</summary>
    public async ValueTask DisposeAsync() => await UserProcesses.KillAllAsync(rig.Uid, CancellationToken.None);

    private async Task<(BurnerProcess Burner, Incident Incident, IncidentAction Suspend)> SuspendedBurnerAsync(params string[] args)
    {
        string exe = await MemberBurner.PlaceAsync(rig, "kthreaddi");
        var burner = MemberBurner.Start(rig, exe, ["-n", "kthreaddi", .. args]);
        var incident = await rig.IncidentOfAsync(burner.Pid, _cancel);
        var suspend = await rig.CompletedAsync(incident, "suspend", _cancel);
        Assert.True(suspend.Status == "done", rig.ActionsOf(incident));
        Assert.Equal("policy", suspend.By);
        return (burner, incident, suspend);
    }

    private async Task<IncidentAction> OrderAsync(Incident incident, CommandKind kind)
    {
        var (action, refusal) = await rig.Response.RequestAsync(incident.Id, kind, "alice", _cancel);
        Assert.Null(refusal);
        return action!;
    }

    [Fact]
    public async Task Suspend_DisguisedBurnerWithDeletedExe_FrozenAndEvidenceWithHashAndCopy()
    {
        string exe = await MemberBurner.PlaceAsync(rig, "kthreaddi");
        byte[] original = await File.ReadAllBytesAsync(exe, _cancel);
        using var burner = MemberBurner.Start(rig, exe, "-n", "kthreaddi", "-t", "2", "-x");
        Assert.False(File.Exists(exe));   // deleted before "ready"

        var incident = await rig.IncidentOfAsync(burner.Pid, _cancel);
        var suspend = await rig.CompletedAsync(incident, "suspend", _cancel);

        Assert.True(suspend.Status == "done", rig.ActionsOf(incident));
        Assert.Equal("policy", suspend.By);
        // Within the policy's time: the command was carried out before it would have expired.
        Assert.True(suspend.CompletedAt <= suspend.Time + new ResponseOptions().CommandTimeToLive);
        Assert.Contains($"{burner.Pid} kthreaddi {(suspend.Method == "SIGSTOP" ? "stopped" : "frozen")}", suspend.Outcomes);
        await Held.AssertAsync(rig, burner.Pid, suspend.Method!);
        Assert.Equal(IncidentStatus.Suspended, rig.Incidents.Read(() => incident.Status));
        Assert.Contains(rig.Incidents.Read(() => incident.Findings.Select(f => f.Rule).ToList()), r => r == "Deleted executable");

        await Eventually.HoldsAsync(() => rig.Incidents.Read(() => incident.Captured.FirstOrDefault()?.CopyVerified == true),
            "the evidence copy to arrive and be verified", TimeSpan.FromSeconds(15), _cancel);
        var evidence = rig.Incidents.Read(() => incident.Captured.Single());
        Assert.True(evidence.Bundle.ExeDeleted);
        Assert.Equal(exe, evidence.Bundle.Exe);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), evidence.Bundle.ExeSha256);
        Assert.Equal(original, await File.ReadAllBytesAsync(evidence.ExecutableCopy!, _cancel));
        Assert.Equal((burner.Pid, ProcStat.Of(burner.Pid).StartTicks), (evidence.Bundle.Process.Pid, evidence.Bundle.Process.StartTicks));
    }

    [Fact]
    public async Task Resume_HostmasterOrder_BurnerRunsAgain()
    {
        var (burner, incident, _) = await SuspendedBurnerAsync();
        using var _ = burner;

        var order = await OrderAsync(incident, CommandKind.Resume);
        var resume = await rig.CompletedAsync(incident, "resume", _cancel, order.CommandId);

        Assert.True(resume.Status == "done", rig.ActionsOf(incident));
        Assert.Contains($"{burner.Pid} kthreaddi resumed", resume.Outcomes);
        Assert.False(Held.IsInFrozenCgroup(rig, burner.Pid), Held.Describe(rig, burner.Pid) + rig.ActionsOf(incident));
        await ProcStat.AssertRunsAsync(burner.Pid);
        Assert.Equal(IncidentStatus.Resumed, rig.Incidents.Read(() => incident.Status));
    }

    [Fact]
    public async Task Kill_HostmasterOrder_BurnerGone()
    {
        var (burner, incident, _) = await SuspendedBurnerAsync("-t", "2");
        using var _ = burner;

        var order = await OrderAsync(incident, CommandKind.Kill);
        var kill = await rig.CompletedAsync(incident, "kill", _cancel, order.CommandId);

        Assert.True(kill.Status == "done", rig.ActionsOf(incident));
        Assert.Contains($"{burner.Pid} kthreaddi killed", kill.Outcomes);
        Assert.True(ProcStat.IsGone(burner.Pid));
        Assert.Equal(IncidentStatus.Killed, rig.Incidents.Read(() => incident.Status));
    }

    [Fact]
    public async Task Suspend_WatchdogSendsSigcontAndStartsAnotherCopy_NeitherRuns()
    {
        string exe = await MemberBurner.PlaceAsync(rig, "kthreaddi");
        // The dropper's watchdog, a process of the same user outside the miner's tree (the miners
        // detach themselves): SIGCONT to its miner every 50 ms, and after 3 s a second copy.
        const string Watchdog = """
            p1=$("$0" -f -n kthreaddi); echo "$p1"
            ( while :; do kill -CONT "$p1" 2>/dev/null; sleep 0.05; done ) &
            sleep 3
            p2=$("$0" -f -n kthreaddi); echo "$p2"
            while :; do kill -CONT "$p1" "$p2" 2>/dev/null; sleep 0.05; done
            """;
        using var watchdog = MemberBurner.Run(rig, "sh", "-c", Watchdog, exe);
        int first = int.Parse((await watchdog.StandardOutput.ReadLineAsync(_cancel))!, CultureInfo.InvariantCulture);

        var incident = await rig.IncidentOfAsync(first, _cancel);
        var suspend = await rig.CompletedAsync(incident, "suspend", _cancel);
        Assert.True(suspend.Status == "done", rig.ActionsOf(incident));
        await Held.AssertAsync(rig, first, suspend.Method!);

        int second = int.Parse((await watchdog.StandardOutput.ReadLineAsync(_cancel))!, CultureInfo.InvariantCulture);
        await Eventually.HoldsAsync(() => Held.IsHeld(rig, second, suspend.Method!),
            $"the second copy (pid {second}) to be held\n{rig.ActionsOf(incident)}", TimeSpan.FromSeconds(15), _cancel);
        await Held.AssertAsync(rig, second, suspend.Method!);
        await Held.AssertAsync(rig, first, suspend.Method!);
        Assert.False(watchdog.HasExited);
    }

    [Fact]
    public async Task Suspend_ProtectedExecutable_RefusedWithTheReasonOnTheIncident()
    {
        using var burner = MemberBurner.Start(rig, rig.ProtectedExe, "-n", "kthreaddi");

        var incident = await rig.IncidentOfAsync(burner.Pid, _cancel);
        var suspend = await rig.CompletedAsync(incident, "suspend", _cancel);

        Assert.Equal("refused", suspend.Status);
        Assert.Equal($"executable {rig.ProtectedExe} is protected by configuration", suspend.Reason);
        Assert.Contains($"{burner.Pid} kthreaddi refused: executable {rig.ProtectedExe} is protected by configuration", suspend.Outcomes);
        Assert.Equal(IncidentStatus.Open, rig.Incidents.Read(() => incident.Status));
        await ProcStat.AssertRunsAsync(burner.Pid);
    }

    [Fact]
    public async Task Suspended_BurnerExits_RecordedGoneNotAnError()
    {
        var (burner, incident, suspend) = await SuspendedBurnerAsync();
        int pid = burner.Pid;

        burner.Dispose();   // SIGKILL, which a task frozen by cgroup v2 takes at once

        await Eventually.HoldsAsync(() => rig.Incidents.Read(() => suspend.Outcomes.Contains($"{pid} kthreaddi gone")),
            $"the agent to report pid {pid} gone\n{rig.ActionsOf(incident)}", TimeSpan.FromSeconds(15), _cancel);
        Assert.Equal("done", suspend.Status);
        Assert.Equal(IncidentStatus.Suspended, rig.Incidents.Read(() => incident.Status));
        Assert.DoesNotContain(rig.Server.Log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task Kill_PidReusedWhileTheAgentWasAway_NewProcessRefusedAndUntouched()
    {
        var (burner, incident, _) = await SuspendedBurnerAsync();
        int pid = burner.Pid;
        await rig.StopAgentAsync();
        var order = await OrderAsync(incident, CommandKind.Kill);
        Assert.Equal("pending", order.Status);

        // The burner ends and its pid goes to an innocent process of the same user.
        burner.Dispose();
        using var innocent = PidReuse.StartAt(pid, () => MemberBurner.Run(rig, "sleep", "300"));
        ulong innocentStart = ProcStat.Of(pid).StartTicks;
        await rig.StartAgentAsync();
        var kill = await rig.CompletedAsync(incident, "kill", _cancel, order.CommandId);

        Assert.Equal("refused", kill.Status);
        Assert.Equal($"pid {pid} now belongs to another process", kill.Reason);
        // Two more ticks of the restarted agent, which took the suspension back from its state file.
        await Task.Delay(TimeSpan.FromSeconds(2), _cancel);
        var now = ProcStat.Of(pid);
        Assert.Equal((innocentStart, 'S'), (now.StartTicks, now.State));
        Assert.DoesNotContain(rig.CgroupParent, await File.ReadAllTextAsync($"/proc/{pid}/cgroup", _cancel), StringComparison.Ordinal);
        innocent.Kill();
    }

    [Fact]
    public async Task Kill_ExpiredWhileTheAgentWasAway_NotSentAndTheSuspensionHolds()
    {
        var (burner, incident, suspend) = await SuspendedBurnerAsync();
        using var _ = burner;
        await rig.StopAgentAsync();
        var order = await OrderAsync(incident, CommandKind.Kill);
        Assert.Equal("pending", order.Status);

        // Past its time to live on the collector's clock: the collector's sweep (every 5 s) or the
        // hello, whichever comes first, expires it; sent anyway, the agent (on the real clock)
        // would carry it out, and this test would see the burner gone.
        rig.Clock.Advance(new ResponseOptions().CommandTimeToLive + TimeSpan.FromSeconds(1));
        try
        {
            await rig.StartAgentAsync();
            await Eventually.HoldsAsync(() => rig.Incidents.Read(() => order.Status) == "expired", "the kill to expire", TimeSpan.FromSeconds(10), _cancel);
        }
        finally
        {
            rig.Clock.Advance(-(new ResponseOptions().CommandTimeToLive + TimeSpan.FromSeconds(1)));
        }

        Assert.Contains("the host was not connected within", order.Reason, StringComparison.Ordinal);
        await rig.Server.Log.WaitForAsync(8004, rig.Host);
        // The restarted agent holds the suspension on, and never saw the kill.
        await Held.AssertAsync(rig, burner.Pid, suspend.Method!);
        Assert.DoesNotContain(order.CommandId!, rig.AgentOutput, StringComparison.Ordinal);
    }
}
