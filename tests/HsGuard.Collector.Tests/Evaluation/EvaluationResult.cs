namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>What the evaluation measured: each scenario's outcome, its recordings, its wall time.</summary>
public sealed record EvaluationResult(IReadOnlyList<ScenarioOutcome> Outcomes, IReadOnlyList<RecordingSummary> Recordings, TimeSpan WallTime)
{
    public IEnumerable<ScenarioOutcome> Miners => Outcomes.Where(o => o.Scenario.Kind == ScenarioKind.Miner);

    public IEnumerable<ScenarioOutcome> Honest => Outcomes.Where(o => o.Scenario.Kind == ScenarioKind.Honest);

    /// <summary>Miners that reached a suspend verdict, of all miners.</summary>
    public double Recall => Miners.Any() ? (double)Miners.Count(o => o.Suspended) / Miners.Count() : 1;

    /// <summary>Honest scenarios that reached a suspend verdict.</summary>
    public int FalseSuspensions => Honest.Count(o => o.Suspended);
}
