namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>Scenarios that run together under one recording of the agent.</summary>
public sealed record RecordingPlan(string Name, IReadOnlyList<Scenario> Scenarios)
{
    /// <summary>How long honest work runs: long enough for every behaviour rule to have had its
    /// chance (the longest waits 45 s of busy CPU).</summary>
    public static readonly TimeSpan HonestRun = TimeSpan.FromSeconds(50);

    /// <summary>How long the recording may go on past a miner's goal: its first sample comes a
    /// tick or more after its start (runuser, cp and setsid on a loaded machine), and a miner that
    /// misses its goal is better reported with how late it was than as never found. Paid only by a
    /// recording whose miner has not been suspended by then.</summary>
    public static readonly TimeSpan GoalMargin = TimeSpan.FromSeconds(15);

    /// <summary>The recording goes on at least this long after the start of the scenarios.</summary>
    public TimeSpan Minimum => Scenarios.Any(s => s.Kind == ScenarioKind.Honest) ? HonestRun : TimeSpan.Zero;

    /// <summary>... and at most this long: it stops earlier once every miner has been suspended
    /// and <see cref="Minimum"/> has passed.</summary>
    public TimeSpan Maximum => Scenarios.Select(s => s.Goal is { } goal ? goal + GoalMargin : HonestRun).Max();

    /// <summary>The name as a file name: letters and digits kept, anything else a '-'.</summary>
    public string FileName => string.Concat(Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
