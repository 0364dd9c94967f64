namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary>A list field one of whose items matches: <c>intersects</c>, and the string operators
/// applied to a list field.</summary>
internal sealed class ListAnyNode(int field, StringMatcher matcher) : ConditionNode
{
    public override bool Evaluate(IFieldSource fields)
    {
        if (!fields.Has(field))
        {
            return false;
        }
        // By index: a foreach over the interface would allocate an enumerator.
        var items = fields.GetList(field);
        for (int i = 0; i < items.Count; i++)
        {
            if (matcher.Matches(items[i]))
            {
                return true;
            }
        }
        return false;
    }
}
