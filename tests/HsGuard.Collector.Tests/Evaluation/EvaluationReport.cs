using System.Globalization;
using System.Text;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>The evaluation as Markdown: a row a scenario, then recall and false suspensions.</summary>
public static class EvaluationReport
{
    public static string Markdown(EvaluationResult result)
    {
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("| scenario | kind | signal | CPU % | verdict | latency s | needs | goal s | rules fired (+weight at s after the first sample) | result |");
        md.AppendLine("|---|---|---|---:|---|---:|---|---:|---|---|");
        foreach (var o in result.Outcomes)
        {
            string rules = o.Rules.Count == 0 ? "—" : string.Join("; ", o.Rules.Select(r => string.Create(ci, $"{r.Rule} +{r.Weight} at {r.Seconds:0}")));
            string needs = o.Scenario.Required is { } required ? Lower(required) : "no suspend";
            string outcome = o.Passed ? "pass" : o.Starved ? "starved" : "**fail**";
            md.AppendLine(string.Create(ci,
                $"| {Cell(o.Scenario.Name)} | {Lower(o.Scenario.Kind)} | {(o.Scenario.Signal == SignalKind.None ? "—" : Lower(o.Scenario.Signal))} | {o.CpuPercent:0} "
                + $"| {(o.Verdict is { } v ? Lower(v) : "none")} | {(o.LatencySeconds is { } l ? l.ToString("0.0", ci) : "—")} | {needs} "
                + $"| {(o.Scenario.Goal is { } g ? g.TotalSeconds.ToString("0", ci) : "—")} | {rules} | {outcome} |"));
        }
        var signal = result.MinersWithASignal.ToList();
        md.AppendLine();
        md.AppendLine(string.Create(ci,
            $"Recall: {result.Miners.Count(o => o.Suspended)} of {result.Miners.Count()} miners reached suspend ({result.Recall:0%}), "
            + $"{result.Miners.Count(o => o.Passed)} their goal; with a name, path or pool signal {signal.Count(o => o.Suspended)} of {signal.Count}, "
            + $"{signal.Count(o => o.Passed)} within {signal.Select(o => o.Scenario.Goal!.Value.TotalSeconds).DefaultIfEmpty(0).Max():0} s. "
            + $"False suspensions: {result.FalseSuspensions} of {result.Honest.Count()} honest scenarios "
            + $"(alerts: {result.Honest.Count(o => o.Verdict == Collector.Detection.Incidents.Verdict.Alert)})."));
        md.AppendLine();
        md.AppendLine("Latency is from the offending process's first sample to the verdict shown; a miner known by its behaviour alone that got "
            + "under a tenth of a core on average is reported as starved, not failed. Recordings (length after the scenarios' start; "
            + "CPU of everything else on the host, the agent and other builds included, in % of a core): "
            + string.Join(" · ", result.Recordings.Select(r => string.Create(ci, $"{r.Name} {r.Seconds:0} s ({r.OthersCpuPercent:0} %)")))
            + string.Create(ci, $". Wall time of the suite: {result.WallTime.TotalSeconds:0} s."));
        return md.ToString();
    }

    /// <summary>Text in a table cell: a '|' (as in "tar | gzip") would end the cell.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
