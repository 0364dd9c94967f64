using HsGuard.Collector.Detection.Incidents;
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
    /// <summary>A miner is suspended within its goal; honest work is not suspended.</summary>
    public bool Passed => Scenario.Goal is { } goal
        ? Verdict == IncidentVerdict.Suspend && LatencySeconds <= goal.TotalSeconds
        : Verdict != IncidentVerdict.Suspend;

    public bool Suspended => Verdict == IncidentVerdict.Suspend;

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
        var rules = mine.SelectMany(i => i.Findings.Select(f => new RuleTiming(f.Rule, f.Weight, (f.FirstFired - i.FirstSeen).TotalSeconds)))
            .GroupBy(r => r.Rule)
            .Select(g => g.MinBy(r => r.Seconds)!)
            .OrderBy(r => r.Seconds).ThenByDescending(r => r.Weight)
            .ToList();
        return new ScenarioOutcome(scenario, verdict, latency, rules, cpuPercent);
    }
}
