namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary><c>list_field in (...)</c>, as Falco reads it: the list has items and every one is in
/// the set.</summary>
internal sealed class ListAllNode(int field, StringMatcher matcher) : ConditionNode
{
    public override bool Evaluate(IFieldSource fields)
    {
        if (!fields.Has(field))
        {
            return false;
        }
        var items = fields.GetList(field);
        for (int i = 0; i < items.Count; i++)
        {
            if (!matcher.Matches(items[i]))
            {
                return false;
            }
        }
        return items.Count > 0;
    }
}
