namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>The evaluation suite measures real workloads' CPU on a two-core machine: it runs alone,
/// after the collections that run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EvaluationCollection
{
    public const string Name = "evaluation";
}
