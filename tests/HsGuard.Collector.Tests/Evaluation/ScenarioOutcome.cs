using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Ingest;
using IncidentVerdict = HsGuard.Collector.Detection.Incidents.Verdict;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// What detection made of one scenario: the highest verdict among its user's incidents (null:
/// none opened), the time from the offending process's first sample to that verdict (as
/// <c>replay --json</c> reports latency_seconds), the rules that fired, and the user's mean CPU
/// while the scenario ran (percent of one core).
/// </summary>
public sealed record ScenarioOutcome(Scenario Scenario, Verdict? Verdict, double? LatencySeconds, IReadOnlyList<RuleTiming> Rules, double CpuPercent)
{
    /// <summary>Seconds from the offending process's first sample to the scenario's
    /// <see cref="Scenario.Required"/> verdict (or a higher one); null when it was not reached.
    /// When not given, the latency of the highest verdict if that is high enough.</summary>
    public double? RequiredLatencySeconds
    {
        get => _requiredLatency ?? (Scenario.Required is { } r && Verdict >= r ? LatencySeconds : null);
        init => _requiredLatency = value;
    }

    private readonly double? _requiredLatency;

    /// <summary>A miner reached its required verdict within its goal; honest work was not suspended.</summary>
    public bool Passed => Scenario.Goal is { } goal
        ? RequiredLatencySeconds <= goal.TotalSeconds
        : Verdict != IncidentVerdict.Suspend;

    public bool Suspended => Verdict == IncidentVerdict.Suspend;

    /// <summary>A miner known by its behaviour alone that got less CPU over its run than the least a
    /// busy process uses (<see cref="ProcessRecord.ContendedBusyCpuPercent"/>, a tenth of a core,
    /// on a loaded machine): the other work on the machine left it too little to do harm or to be
    /// measured. Its miss is reported, not counted as a failure of detection.</summary>
    public bool Starved => Scenario.Signal == SignalKind.Behaviour && CpuPercent < ProcessRecord.ContendedBusyCpuPercent;

    /// <summary>What the evaluation holds against detection: a false suspension, a miner with a
    /// telling name, path or pool connection not suspended in time, a behaviour-only miner that
    /// had the CPU and was not.</summary>
    public bool Failed => !Passed && !Starved;

    public static ScenarioOutcome Of(Scenario scenario, uint uid, IEnumerable<Incident> incidents, double cpuPercent)
    {
        var mine = incidents.Where(i => i.Uid == uid).ToList();
        if (mine.Count == 0)
        {
            return new ScenarioOutcome(scenario, null, null, [], cpuPercent);
        }
        var verdict = mine.Max(i => i.Verdict);
        var first = mine.Where(i => i.Verdict == verdict).MinBy(i => i.DetectedAt)!;
        double? latency = verdict == IncidentVerdict.Record ? null : (first.DetectedAt - first.FirstSeen).TotalSeconds;
        double? required = scenario.Required is { } r
            ? mine.SelectMany(i => i.VerdictTimes.Where(v => v.Key >= r).Select(v => (double?)(v.Value - i.FirstSeen).TotalSeconds)).Min()
            : null;
        var rules = mine.SelectMany(i => i.Findings.Select(f => new RuleTiming(f.Rule, f.Weight, (f.FirstFired - i.FirstSeen).TotalSeconds)))
            .GroupBy(r => r.Rule)
            .Select(g => g.MinBy(r => r.Seconds)!)
            .OrderBy(r => r.Seconds).ThenByDescending(r => r.Weight)
            .ToList();
        return new ScenarioOutcome(scenario, verdict, latency, rules, cpuPercent) { RequiredLatencySeconds = required };
    }
}
