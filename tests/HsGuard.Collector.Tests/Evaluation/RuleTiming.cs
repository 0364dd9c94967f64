namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>A rule that fired on a scenario: its weight, and when it first fired, in seconds after
/// the offending process's first sample.</summary>
public sealed record RuleTiming(string Rule, int Weight, double Seconds);
