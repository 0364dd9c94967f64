using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Tests.Evaluation;

public sealed class ScenarioOutcomeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
    private static readonly MinerScenario Named = EvaluationScenarios.KernelThreadName;

    /// <summary>An incident of <paramref name="uid"/> whose process was first seen at
    /// <see cref="Start"/>, with rules firing at the given seconds after it.</summary>
    private static Incident IncidentOf(uint uid, params (string Rule, int Weight, double Seconds)[] fired)
    {
        var incident = new Incident(1, "web1", uid, "hev01", 4242, 900, Start);
        foreach (var (rule, weight, seconds) in fired)
        {
            incident.Add([new FiredRule(rule, weight, "NOTICE", [], rule)], 4242, 900, "kthreaddi", "/x", Start, Start.AddSeconds(seconds),
                new DetectionOptions());
        }
        return incident;
    }

    [Fact]
    public void Of_NoIncidentOfTheUser_NoVerdictAndNoRules()
    {
        var outcome = ScenarioOutcome.Of(Named, 2960, [IncidentOf(2961, ("Kernel thread name on a user program", 60, 0))], 198);

        Assert.Null(outcome.Verdict);
        Assert.Null(outcome.LatencySeconds);
        Assert.Empty(outcome.Rules);
        Assert.False(outcome.Passed);
    }

    [Fact]
    public void Of_SuspendedAfterEightSeconds_LatencyFromTheFirstSampleAndRulesInOrder()
    {
        var incident = IncidentOf(2960, ("Kernel thread name on a user program", 60, 0), ("Detached busy process", 20, 8), ("Compute-only profile", 40, 8));

        var outcome = ScenarioOutcome.Of(Named, 2960, [incident], 198);

        Assert.Equal(Verdict.Suspend, outcome.Verdict);
        Assert.Equal(8, outcome.LatencySeconds);
        Assert.Equal(["Kernel thread name on a user program", "Compute-only profile", "Detached busy process"], outcome.Rules.Select(r => r.Rule));
        Assert.True(outcome.Passed);
    }

    [Fact]
    public void Passed_MinerSuspendedAfterItsGoal_Fails()
    {
        var incident = IncidentOf(2960, ("Kernel thread name on a user program", 60, 0), ("Compute-only profile", 40, 20));

        var outcome = ScenarioOutcome.Of(Named, 2960, [incident], 198);

        Assert.Equal(20, outcome.LatencySeconds);
        Assert.False(outcome.Passed);
    }

    [Fact]
    public void Passed_HonestWorkAlertedOrSuspended_PassesOnlyBelowSuspend()
    {
        var alerted = ScenarioOutcome.Of(EvaluationScenarios.Xz, 2960, [IncidentOf(2960, ("Compute-only profile", 40, 20), ("Flat load", 15, 30))], 99);
        var suspended = ScenarioOutcome.Of(EvaluationScenarios.Xz, 2960,
            [IncidentOf(2960, ("Compute-only profile", 40, 20), ("Flat load", 15, 30), ("Compute-only for long", 25, 45), ("Sustained CPU saturation", 25, 45))], 99);

        Assert.Equal(Verdict.Alert, alerted.Verdict);
        Assert.True(alerted.Passed);
        Assert.Equal(Verdict.Suspend, suspended.Verdict);
        Assert.False(suspended.Passed);
    }

    [Fact]
    public void Passed_ThrottledMinerAlertedInTimeButSuspendedLate_Fails()
    {
        var late = IncidentOf(2960, ("Detached busy process", 20, 10), ("Compute-only profile", 40, 20), ("Compute-only for long", 40, 70));
        var inTime = IncidentOf(2960, ("Detached busy process", 20, 10), ("Compute-only profile", 40, 20), ("Compute-only for long", 40, 45));

        var lateOutcome = ScenarioOutcome.Of(EvaluationScenarios.HalfCore, 2960, [late], 30);
        var inTimeOutcome = ScenarioOutcome.Of(EvaluationScenarios.HalfCore, 2960, [inTime], 30);

        Assert.Equal(Verdict.Suspend, lateOutcome.Verdict);
        Assert.Equal(70, lateOutcome.RequiredLatencySeconds);
        Assert.False(lateOutcome.Passed);
        Assert.True(lateOutcome.Failed);
        Assert.Equal(45, inTimeOutcome.RequiredLatencySeconds);
        Assert.True(inTimeOutcome.Passed);
    }

    [Fact]
    public void Failed_BehaviourMinerMissedWithTheCpu_FailsAndStarvedDoesNot()
    {
        var alerted = IncidentOf(2960, ("Compute-only profile", 40, 20), ("Flat load", 15, 30));

        var withCpu = ScenarioOutcome.Of(EvaluationScenarios.InnocentName, 2960, [alerted], 15);
        var starved = ScenarioOutcome.Of(EvaluationScenarios.InnocentName, 2960, [], 8);

        Assert.True(withCpu.Failed);
        Assert.False(withCpu.Starved);
        Assert.True(starved.Starved);
        Assert.False(starved.Passed);
        Assert.False(starved.Failed);
    }

    [Fact]
    public void Failed_NamedMinerMissedOnAStarvedMachine_StillFails()
    {
        var outcome = ScenarioOutcome.Of(Named, 2960, [IncidentOf(2960, ("Kernel thread name on a user program", 60, 0))], 5);

        Assert.False(outcome.Starved);
        Assert.True(outcome.Failed);
    }

    [Fact]
    public void Failures_FalseSuspensionOrMissedSignalMiner_Listed()
    {
        var suspended = IncidentOf(2961, ("Compute-only profile", 40, 20), ("Flat load", 15, 30), ("Compute-only for long", 40, 45), ("Busy process under a web server", 25, 45));
        var result = new EvaluationResult(
        [
            ScenarioOutcome.Of(Named, 2960, [IncidentOf(2960, ("Kernel thread name on a user program", 60, 0), ("Disguised or dropped program at work", 40, 3))], 90),
            ScenarioOutcome.Of(EvaluationScenarios.Xz, 2961, [suspended], 99),
            ScenarioOutcome.Of(EvaluationScenarios.PoolPort, 2962, [IncidentOf(2962, ("Connection to a mining pool port", 25, 3))], 90),
            ScenarioOutcome.Of(EvaluationScenarios.Gzip, 2963, [], 20),
        ], [], TimeSpan.Zero);

        Assert.Equal([EvaluationScenarios.Xz, EvaluationScenarios.PoolPort], result.Failures.Select(f => f.Scenario));
        Assert.Equal(1, result.FalseSuspensions);
    }
}
