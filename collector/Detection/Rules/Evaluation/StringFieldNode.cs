namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary>A string field tested by a matcher; <paramref name="negate"/> (for <c>!=</c>) turns the
/// answer only when the field has a value: a comparison with a missing field is false.</summary>
internal sealed class StringFieldNode(int field, StringMatcher matcher, bool negate) : ConditionNode
{
    public override bool Evaluate(IFieldSource fields) =>
        fields.Has(field) && matcher.Matches(fields.GetString(field)) != negate;
}
