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
}
