namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary>A test of one string, prepared at load (sets hashed, patterns kept); ordinal, and
/// allocation-free.</summary>
internal abstract class StringMatcher
{
    public abstract bool Matches(string value);
}
