namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>One recording as it went: how long the scenarios ran before it stopped, and the mean
/// CPU of everything else on the host meanwhile (the agent, other tests), percent of one core.</summary>
public sealed record RecordingSummary(string Name, double Seconds, double OthersCpuPercent);
