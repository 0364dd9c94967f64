namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>What the evaluation measured: each scenario's outcome, its recordings, its wall time.</summary>
public sealed record EvaluationResult(IReadOnlyList<ScenarioOutcome> Outcomes, IReadOnlyList<RecordingSummary> Recordings, TimeSpan WallTime)
{
    public IEnumerable<ScenarioOutcome> Miners => Outcomes.Where(o => o.Scenario.Kind == ScenarioKind.Miner);

    public IEnumerable<ScenarioOutcome> Honest => Outcomes.Where(o => o.Scenario.Kind == ScenarioKind.Honest);

    /// <summary>Miners with a telling name, path or pool connection: their signal does not depend on
    /// how much CPU the machine leaves them.</summary>
    public IEnumerable<ScenarioOutcome> MinersWithASignal => Miners.Where(o => o.Scenario.Signal != SignalKind.Behaviour);

    /// <summary>Miners that reached a suspend verdict, of all miners.</summary>
    public double Recall => Miners.Any() ? (double)Miners.Count(o => o.Suspended) / Miners.Count() : 1;

    /// <summary>Honest scenarios that reached a suspend verdict.</summary>
    public int FalseSuspensions => Honest.Count(o => o.Suspended);

    /// <summary>What makes the evaluation fail (see <see cref="ScenarioOutcome.Failed"/>).</summary>
    public IReadOnlyList<ScenarioOutcome> Failures => Outcomes.Where(o => o.Failed).ToList();
}
