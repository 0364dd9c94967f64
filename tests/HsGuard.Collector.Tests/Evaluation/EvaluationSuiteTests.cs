using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// The evaluation suite: real workloads recorded with the agent and replayed through detection.
/// Miner stand-ins (disguised, throttled, niced, configured from a file, connected to a pool port,
/// plain) are to be suspended within 10 s when a name, path or pool signal gives them away and
/// within 60 s on behaviour alone; members' honest work (compressions, a compile, a backup, report
/// scripts, a search) is never to be suspended. Writes TestResults/evaluation.md (the README's
/// table) and keeps the traces in TestResults/evaluation/.
/// </summary>
[Collection(EvaluationCollection.Name)]
public sealed class EvaluationSuiteTests
{
    [Fact(Timeout = 15 * 60 * 1000)]
    public async Task Evaluate_RecordedWorkloads_MinersSuspendedWithinGoalsAndHonestWorkNot()
    {
        Assert.True(Environment.IsPrivilegedProcess, "the evaluation makes users and runs their processes: run the tests as root (tests/run)");
        var cancel = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        string results = RepositoryPaths.Combine("TestResults");
        string traces = Directory.CreateDirectory(Path.Combine(results, "evaluation")).FullName;

        var result = await EvaluationRun.RunAsync(EvaluationScenarios.Recordings, traces, line => output?.WriteLine(line), cancel);

        string report = EvaluationReport.Markdown(result);
        await File.WriteAllTextAsync(Path.Combine(results, "evaluation.md"), "# HsGuard evaluation\n\n" + report, cancel);
        output?.WriteLine(report);
        var missed = result.Outcomes.Where(o => !o.Passed).Select(o => o.Scenario.Name).ToList();
        Assert.True(missed.Count == 0, $"goals missed by: {string.Join(", ", missed)}\n\n{report}");
    }
}
