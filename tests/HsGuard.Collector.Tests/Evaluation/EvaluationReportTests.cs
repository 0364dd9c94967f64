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
            new ScenarioOutcome(EvaluationScenarios.Nice19, null, null, [], 9),
            new ScenarioOutcome(EvaluationScenarios.Xz, Verdict.Suspend, 45, [], 99),
            new ScenarioOutcome(EvaluationScenarios.Gzip, null, null, [], 97),
            new ScenarioOutcome(EvaluationScenarios.Backup, null, null, [], 40),
        ], [new RecordingSummary("one", 50, 3)], TimeSpan.FromSeconds(300));

        string md = EvaluationReport.Markdown(result);

        Assert.Equal(1.0 / 3, result.Recall);
        Assert.Equal([EvaluationScenarios.InnocentName, EvaluationScenarios.Xz], result.Failures.Select(f => f.Scenario));
        Assert.Equal(1, result.FalseSuspensions);
        Assert.Contains("| miner named like a kernel thread | miner | name | 131 | suspend | 8.0 | suspend | 10 | Kernel thread name on a user program +60 at 0 | pass |", md, StringComparison.Ordinal);
        Assert.Contains("| miner under an innocent name | miner | behaviour | 197 | alert | 8.0 | suspend | 60 | — | **fail** |", md, StringComparison.Ordinal);
        Assert.Contains("| miner at nice 19 | miner | behaviour | 9 | none | — | suspend | 60 | — | starved |", md, StringComparison.Ordinal);
        Assert.Contains("| gzip -9 over files | honest | — | 97 | none | — | no suspend | — | — | pass |", md, StringComparison.Ordinal);
        Assert.Contains("Recall: 1 of 3 miners reached suspend (33%), 1 their goal; with a name, path or pool signal 1 of 1, 1 within 10 s. "
            + "False suspensions: 1 of 3 honest scenarios (alerts: 0).", md, StringComparison.Ordinal);
        Assert.Contains("| backup: tar \\| gzip -9 | honest | — | 40 | none |", md, StringComparison.Ordinal);
        Assert.Contains("one 50 s (3 %)", md, StringComparison.Ordinal);
    }
}
