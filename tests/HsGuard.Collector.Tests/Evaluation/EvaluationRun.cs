using System.Diagnostics;
using System.Globalization;
using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// Runs the evaluation: users and inputs made, then for each planned recording the agent records
/// while its scenarios run, and the trace is replayed through detection. A recording stops once
/// every miner in it has been suspended and its honest work has had its time, or at the longest
/// it may take; every process of its users is ended before the next one starts.
/// </summary>
internal static class EvaluationRun
{
    /// <summary>How often a recording with miners replays what it has recorded so far to learn
    /// whether they have all been suspended.</summary>
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    public static async Task<EvaluationResult> RunAsync(IReadOnlyList<RecordingPlan> plans, string traces, Action<string> log, CancellationToken cancel)
    {
        var wall = Stopwatch.StartNew();
        using var workspace = EvaluationWorkspace.Create();
        await using var users = await EvaluationUsers.CreateAsync(plans.Sum(p => p.Scenarios.Count), cancel);
        await HonestInputs.WriteAsync(workspace.Data, cancel);
        log(string.Create(CultureInfo.InvariantCulture, $"inputs ready after {wall.Elapsed.TotalSeconds:0.0} s"));
        var outcomes = new List<ScenarioOutcome>();
        var recordings = new List<RecordingSummary>();
        int next = 0;
        for (int i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            var assigned = plan.Scenarios.Select(s => (Scenario: s, User: users.All[next++])).ToList();
            string trace = Path.Combine(traces, string.Create(CultureInfo.InvariantCulture, $"{i + 1:00}-{plan.FileName}.jsonl"));
            var (measured, summary) = await RecordAsync(plan, assigned, workspace, trace, cancel);
            outcomes.AddRange(measured);
            recordings.Add(summary);
            foreach (var o in measured)
            {
                log(string.Create(CultureInfo.InvariantCulture,
                    $"{plan.Name}: {o.Scenario.Name}: {o.Verdict?.ToString() ?? "none"} after {o.LatencySeconds:0.0} s, {o.CpuPercent:0} % CPU, {(o.Passed ? "pass" : o.Starved ? "starved" : "FAIL")}"));
            }
        }
        return new EvaluationResult(outcomes, recordings, wall.Elapsed);
    }

    private static async Task<(List<ScenarioOutcome> Outcomes, RecordingSummary Summary)> RecordAsync(RecordingPlan plan,
        List<(Scenario Scenario, EvaluationUser User)> assigned, EvaluationWorkspace workspace, string trace, CancellationToken cancel)
    {
        await using var pool = plan.Scenarios.OfType<MinerScenario>().Any(m => m.PoolListener) ? PoolListener.Open() : null;
        var launcher = new ScenarioLauncher(workspace, pool);
        var miners = assigned.Where(a => a.Scenario.Kind == ScenarioKind.Miner).Select(a => a.User.Uid).ToList();
        var jobs = new List<RunningJob>();
        DateTimeOffset started;
        var ran = Stopwatch.StartNew();
        using (var recording = await AgentRecording.StartAsync(trace, plan.Maximum + TimeSpan.FromSeconds(10), cancel))
        {
            try
            {
                started = DateTimeOffset.UtcNow;
                ran.Restart();
                foreach (var (scenario, user) in assigned)
                {
                    if (await launcher.StartAsync(scenario, user, cancel) is { } job)
                    {
                        jobs.Add(job);
                    }
                }
                await WaitAsync(plan, miners, trace, ran, cancel);
                ran.Stop();
                await recording.StopAsync();
            }
            finally
            {
                foreach (var (_, user) in assigned)
                {
                    await UserProcesses.KillAllAsync(user.Uid, CancellationToken.None);
                }
                foreach (var job in jobs)
                {
                    await job.DisposeAsync();
                }
            }
        }
        var incidents = await TraceReplay.RunAsync(trace, cancel);
        var cpu = TraceCpu.MeanByUser(trace, started);
        var outcomes = assigned.Select(a => ScenarioOutcome.Of(a.Scenario, a.User.Uid, incidents, cpu.GetValueOrDefault(a.User.Uid))).ToList();
        double others = cpu.Where(c => !assigned.Any(a => a.User.Uid == c.Key)).Sum(c => c.Value);
        return (outcomes, new RecordingSummary(plan.Name, ran.Elapsed.TotalSeconds, others));
    }

    /// <summary>Until every miner has been suspended and <see cref="RecordingPlan.Minimum"/> has
    /// passed, or <see cref="RecordingPlan.Maximum"/> has.</summary>
    private static async Task WaitAsync(RecordingPlan plan, List<uint> miners, string trace, Stopwatch ran, CancellationToken cancel)
    {
        string snapshot = trace + ".partial";
        var lastCheck = TimeSpan.Zero;
        try
        {
            while (ran.Elapsed < plan.Maximum)
            {
                var wait = plan.Maximum - ran.Elapsed;
                await Task.Delay(wait < TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1), cancel);
                if (ran.Elapsed < plan.Minimum)
                {
                    continue;
                }
                if (miners.Count == 0)
                {
                    return;
                }
                if (ran.Elapsed - lastCheck < CheckEvery)
                {
                    continue;
                }
                lastCheck = ran.Elapsed;
                TraceFile.Snapshot(trace, snapshot);
                var incidents = await TraceReplay.RunAsync(snapshot, cancel);
                if (miners.All(uid => incidents.Any(i => i.Uid == uid && i.Verdict == Verdict.Suspend)))
                {
                    return;
                }
            }
        }
        finally
        {
            File.Delete(snapshot);
        }
    }
}
