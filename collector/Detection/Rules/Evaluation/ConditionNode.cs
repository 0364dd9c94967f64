namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary>A compiled condition. Nodes are immutable and shared (a macro's tree is compiled once
/// and used by every rule that names it); <see cref="Evaluate"/> allocates nothing.</summary>
internal abstract class ConditionNode
{
    public abstract bool Evaluate(IFieldSource fields);
}
