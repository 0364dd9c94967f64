namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary><c>contains</c>, <c>icontains</c> (ordinal, ignoring case), <c>contains_any</c> and
/// <c>icontains_any</c>.</summary>
internal sealed class ContainsMatcher(string[] needles, StringComparison comparison) : StringMatcher
{
    public override bool Matches(string value)
    {
        foreach (string needle in needles)
        {
            if (value.Contains(needle, comparison))
            {
                return true;
            }
        }
        return false;
    }
}
