namespace HsGuard.Collector.Detection.Rules.Evaluation;

internal sealed class EqualsMatcher(string expected) : StringMatcher
{
    public override bool Matches(string value) => string.Equals(value, expected, StringComparison.Ordinal);
}
