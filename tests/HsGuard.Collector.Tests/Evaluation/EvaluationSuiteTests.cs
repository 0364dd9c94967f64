using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// The evaluation suite: real workloads recorded with the agent and replayed through detection.
/// Miner stand-ins (disguised, throttled, niced, configured from a file, connected to a pool port,
/// plain) are to be suspended within 10 s when a name, path or pool signal gives them away and
/// within 60 s on behaviour alone (the one throttled to half a core included); members'
/// honest work (compressions, a compile, a backup, report scripts, a search) is never to be
/// suspended. Fails on a false suspension, on a name, path or pool miner not suspended in time, and
/// on a behaviour-only miner that had the CPU and was not (see <see cref="ScenarioOutcome.Failed"/>).
/// Writes TestResults/evaluation.md (the README's table) and keeps the traces in
/// TestResults/evaluation/.
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
        var failures = result.Failures;
        Assert.True(failures.Count == 0,
            $"detection failed on: {string.Join(", ", failures.Select(f => $"{f.Scenario.Name} ({f.Verdict?.ToString() ?? "none"})"))}\n\n{report}");
    }
}
