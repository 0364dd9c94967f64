namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary><c>in</c> and <c>intersects</c>: membership of a set hashed at load.</summary>
internal sealed class SetMatcher(IEnumerable<string> items) : StringMatcher
{
    private readonly HashSet<string> _items = new(items, StringComparer.Ordinal);

    public override bool Matches(string value) => _items.Contains(value);
}
