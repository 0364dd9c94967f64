using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Tests.Evaluation;

public sealed class EvaluationReportTests
{
    [Fact]
    public void Markdown_OneMinerMissedAndOneHonestSuspended_RowsRecallAndFalseSuspensions()
    {
        var result = new EvaluationResult(
        [
            new ScenarioOutcome(EvaluationScenarios.KernelThreadName, Verdict.Suspend, 8, [new RuleTiming("Kernel thread name on a user program", 60, 0)], 131),
            new ScenarioOutcome(EvaluationScenarios.InnocentName, Verdict.Alert, 8, [], 197),
            new ScenarioOutcome(EvaluationScenarios.Xz, Verdict.Suspend, 45, [], 99),
            new ScenarioOutcome(EvaluationScenarios.Gzip, null, null, [], 97),
        ], [new RecordingSummary("one", 50, 3)], TimeSpan.FromSeconds(300));

        string md = EvaluationReport.Markdown(result);

        Assert.Equal(0.5, result.Recall);
        Assert.Equal(1, result.FalseSuspensions);
        Assert.Contains("| miner named like a kernel thread | miner | name | 131 | suspend | 8.0 | 10 | Kernel thread name on a user program +60 at 0 | pass |", md, StringComparison.Ordinal);
        Assert.Contains("| miner under an innocent name | miner | behaviour | 197 | alert | 8.0 | 60 | — | **fail** |", md, StringComparison.Ordinal);
        Assert.Contains("| gzip -9 over files | honest | — | 97 | none | — | never | — | pass |", md, StringComparison.Ordinal);
        Assert.Contains("Recall: 1 of 2 miners reached suspend (50%), 1 within their goal. False suspensions: 1 of 2 honest scenarios.", md, StringComparison.Ordinal);
        Assert.Contains("one 50 s (3 %)", md, StringComparison.Ordinal);
    }
}
