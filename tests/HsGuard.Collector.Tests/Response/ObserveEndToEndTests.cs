using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Tests.Support;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Response;

/// <summary>The real collector in observe mode with the real agent: a disguised burner is
/// detected and its decision recorded, and nothing is signalled.</summary>
[Collection(ObservingCollection.Name)]
public sealed class ObserveEndToEndTests(ObservingRig rig)
{
    [Fact]
    public async Task Observe_DisguisedBurner_RecordedWithSuspendVerdictAndNeverSignalled()
    {
        var cancel = TestContext.Current.CancellationToken;
        string exe = await MemberBurner.PlaceAsync(rig, "kthreaddi");
        using var burner = MemberBurner.Start(rig, exe, "-n", "kthreaddi", "-x");

        var incident = await rig.IncidentOfAsync(burner.Pid, cancel);
        await Eventually.HoldsAsync(() => rig.Incidents.Read(() => incident.Actions.Any(a => a.Kind == "decision")),
            "the decision to be recorded", TimeSpan.FromSeconds(15), cancel);
        // Three more ticks, in which an order would have reached the agent.
        await Task.Delay(TimeSpan.FromSeconds(3), cancel);

        Assert.Equal(Verdict.Suspend, rig.Incidents.Read(() => incident.Verdict));
        var decision = rig.Incidents.Read(() => incident.Actions.Single(a => a.Kind == "decision"));
        Assert.Contains("no action, mode observe: no automatic action", decision.Detail, StringComparison.Ordinal);
        Assert.True(rig.Incidents.Read(() => incident.Actions.All(a => a.CommandId is null)), rig.ActionsOf(incident));
        Assert.Equal(IncidentStatus.Open, rig.Incidents.Read(() => incident.Status));
        Assert.DoesNotContain("Command ", rig.AgentOutput, StringComparison.Ordinal);
        Assert.Contains(ProcStat.Of(burner.Pid).State, "RS");
        await ProcStat.AssertRunsAsync(burner.Pid);
        Assert.False(Directory.Exists(Path.Combine(rig.CgroupRoot ?? "/sys/fs/cgroup/freezer", rig.CgroupParent, "incident-" + incident.Id)));
    }
}
