namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary><c>number_field in (1, 2, 3)</c>.</summary>
internal sealed class NumberSetNode(int field, double[] values) : ConditionNode
{
    public override bool Evaluate(IFieldSource fields) =>
        fields.Has(field) && Array.IndexOf(values, fields.GetNumber(field)) >= 0;
}
