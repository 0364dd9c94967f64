using HsGuard.Collector.Detection.Rules.Syntax;

namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary>A number field against a number; false when the field has no value.</summary>
internal sealed class NumberComparisonNode(int field, ConditionOperator op, double value) : ConditionNode
{
    public override bool Evaluate(IFieldSource fields)
    {
        if (!fields.Has(field))
        {
            return false;
        }
        double actual = fields.GetNumber(field);
        return op switch
        {
            ConditionOperator.Equal => actual == value,
            ConditionOperator.NotEqual => actual != value,
            ConditionOperator.Less => actual < value,
            ConditionOperator.LessOrEqual => actual <= value,
            ConditionOperator.Greater => actual > value,
            _ => actual >= value,
        };
    }
}
