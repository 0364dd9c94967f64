namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary><c>field exists</c>: the field has a value for this process or user.</summary>
internal sealed class ExistsNode(int field) : ConditionNode
{
    public override bool Evaluate(IFieldSource fields) => fields.Has(field);
}
