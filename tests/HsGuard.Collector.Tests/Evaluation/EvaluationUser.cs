namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>A member-like user made for the run.</summary>
public sealed record EvaluationUser(string Name, uint Uid);
