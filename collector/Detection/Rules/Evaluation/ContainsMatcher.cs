using System.Buffers;

namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary><c>contains</c>, <c>icontains</c> (ordinal, ignoring case), <c>contains_any</c> and
/// <c>icontains_any</c>. The needles are searched for all at once (<see cref="SearchValues{T}"/>,
/// vectorized): a rule with thirty miner words costs one pass over the command line, not thirty,
/// and it runs on every process sample.</summary>
internal sealed class ContainsMatcher : StringMatcher
{
    private readonly SearchValues<string>? _needles;

    public ContainsMatcher(string[] needles, StringComparison comparison)
    {
        // An empty needle is contained in every value (as string.Contains says); SearchValues
        // holds only the others.
        _needles = needles.Any(n => n.Length == 0) ? null : SearchValues.Create(needles, comparison);
    }

    public override bool Matches(string value) => _needles is null || value.AsSpan().ContainsAny(_needles);
}
