using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>One workload of the evaluation, run under a user of its own.</summary>
/// <param name="Name">How the report names it.</param>
/// <param name="Signal">What gives it away besides its behaviour (<see cref="SignalKind.None"/>
/// for honest work).</param>
/// <param name="Cores">The CPU it keeps busy when it has the machine to itself, in cores.</param>
public abstract record Scenario(string Name, ScenarioKind Kind, SignalKind Signal, double Cores)
{
    /// <summary>A miner is to reach <see cref="Required"/> within this long of its first sample:
    /// 10 s with a telling name, path or pool connection, 60 s on behaviour alone. Honest work has
    /// none: it is never to be suspended.</summary>
    public TimeSpan? Goal => Signal switch
    {
        SignalKind.None => null,
        SignalKind.Behaviour => TimeSpan.FromSeconds(60),
        _ => TimeSpan.FromSeconds(10),
    };

    /// <summary>The verdict a miner must reach within its <see cref="Goal"/>: a suspension, unless
    /// the scenario says less. Null for honest work.</summary>
    public virtual Verdict? Required => Kind == ScenarioKind.Miner ? Verdict.Suspend : null;
}
