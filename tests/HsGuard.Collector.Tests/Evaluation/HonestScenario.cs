namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// A member's job, run for real as a member runs it (<c>runuser -u USER -- sh -c SCRIPT</c>, not
/// detached: its output goes to whoever started it, as a cron job's does) until the recording
/// ends. In <paramref name="Script"/>, <c>{data}</c> stands for the generated inputs (readable by
/// every user) and <c>{work}</c> for a folder the user may write.
/// </summary>
public sealed record HonestScenario(string Name, string Script, double Cores)
    : Scenario(Name, ScenarioKind.Honest, SignalKind.None, Cores);
