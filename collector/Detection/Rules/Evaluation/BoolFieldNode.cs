namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary>A bool field that has a value and equals <paramref name="expected"/>: a bare
/// <c>proc.exe_deleted</c>, <c>= true</c>, <c>= false</c>, <c>!= true</c>.</summary>
internal sealed class BoolFieldNode(int field, bool expected) : ConditionNode
{
    public override bool Evaluate(IFieldSource fields) => fields.Has(field) && fields.GetBool(field) == expected;
}
