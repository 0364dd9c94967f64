namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>What a scenario stands for: a miner to be suspended, or a member's honest work that must not be.</summary>
public enum ScenarioKind
{
    Miner,
    Honest,
}
