namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary><c>startswith</c> and <c>startswith_any</c>.</summary>
internal sealed class StartsWithMatcher(string[] prefixes) : StringMatcher
{
    public override bool Matches(string value)
    {
        foreach (string prefix in prefixes)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
