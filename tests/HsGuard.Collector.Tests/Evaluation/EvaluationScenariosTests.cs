using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>The plan keeps its promises: each scenario once, one miner a recording, miners with a
/// signal apart from honest work, honest work two jobs at a time, users enough.</summary>
public sealed class EvaluationScenariosTests
{
    [Fact]
    public void Recordings_EveryScenarioOnce_UsersEnough()
    {
        var all = EvaluationScenarios.All.ToList();

        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(all.Count, all.Select(s => s.Name).Distinct().Count());
        Assert.InRange(all.Count, 1, EvaluationUsers.MaxUsers);
        Assert.Equal(7, all.Count(s => s.Kind == ScenarioKind.Miner));
        Assert.Equal(7, all.Count(s => s.Kind == ScenarioKind.Honest));
    }

    [Fact]
    public void FileName_NameWithSlashes_OnlyLettersDigitsAndDashes() =>
        Assert.Equal("miner-run-from--tmp", new RecordingPlan("miner run from /tmp", []).FileName);

    [Fact]
    public void Recordings_Miners_OneARecording()
    {
        Assert.All(EvaluationScenarios.Recordings, r => Assert.InRange(r.Scenarios.Count(s => s.Kind == ScenarioKind.Miner), 0, 1));
    }

    [Fact]
    public void Recordings_HonestWork_AtMostTwoJobsAndNoMinerWithASignal()
    {
        foreach (var r in EvaluationScenarios.Recordings.Where(r => r.Scenarios.Any(s => s.Kind == ScenarioKind.Honest)))
        {
            Assert.InRange(r.Scenarios.Count(s => s.Kind == ScenarioKind.Honest), 1, 2);
            Assert.DoesNotContain(r.Scenarios, s => s.Signal is SignalKind.Name or SignalKind.Path or SignalKind.Pool);
            Assert.True(r.Minimum >= TimeSpan.FromSeconds(45), "honest work runs past the longest behaviour rule's wait");
        }
    }

    [Theory]
    [InlineData(SignalKind.Name, 10)]
    [InlineData(SignalKind.Path, 10)]
    [InlineData(SignalKind.Pool, 10)]
    [InlineData(SignalKind.Behaviour, 60)]
    public void Goal_BySignal_TenSecondsWithASignalAMinuteOnBehaviour(SignalKind signal, int seconds)
    {
        var miner = EvaluationScenarios.All.OfType<MinerScenario>().First(m => m.Signal == signal);

        Assert.Equal(TimeSpan.FromSeconds(seconds), miner.Goal);
        Assert.True(EvaluationScenarios.Recordings.Single(r => r.Scenarios.Contains(miner)).Maximum >= miner.Goal);
    }

    [Fact]
    public void Required_EveryMinerTheThrottledOneIncluded_Suspend()
    {
        Assert.All(EvaluationScenarios.All.Where(s => s.Kind == ScenarioKind.Miner), s => Assert.Equal(Verdict.Suspend, s.Required));
        Assert.Equal(Verdict.Suspend, EvaluationScenarios.HalfCore.Required);
        Assert.All(EvaluationScenarios.All.Where(s => s.Kind == ScenarioKind.Honest), s => Assert.Null(s.Required));
    }

    [Fact]
    public void Goal_HonestWork_None() => Assert.All(EvaluationScenarios.All.Where(s => s.Kind == ScenarioKind.Honest), s => Assert.Null(s.Goal));
}
