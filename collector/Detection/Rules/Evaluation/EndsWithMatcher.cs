namespace HsGuard.Collector.Detection.Rules.Evaluation;

internal sealed class EndsWithMatcher(string suffix) : StringMatcher
{
    public override bool Matches(string value) => value.EndsWith(suffix, StringComparison.Ordinal);
}
