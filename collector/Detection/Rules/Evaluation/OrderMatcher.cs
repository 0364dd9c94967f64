using HsGuard.Collector.Detection.Rules.Syntax;

namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary><c>&lt; &lt;= &gt; &gt;=</c> on strings, by ordinal order.</summary>
internal sealed class OrderMatcher(ConditionOperator op, string bound) : StringMatcher
{
    public override bool Matches(string value)
    {
        int order = string.CompareOrdinal(value, bound);
        return op switch
        {
            ConditionOperator.Less => order < 0,
            ConditionOperator.LessOrEqual => order <= 0,
            ConditionOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }
}
