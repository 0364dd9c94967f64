namespace HsGuard.Collector.Detection.Rules.Yaml;

/// <summary>A condition as the rule language sees it: one scalar, or several joined by a space
/// when an override appends to a condition (as Falco joins them), with the way back from a
/// character of the joined text to its file, line and column.</summary>
internal sealed class SourceText
{
    private readonly IReadOnlyList<SourceScalar> _parts;

    public SourceText(IReadOnlyList<SourceScalar> parts)
    {
        _parts = parts;
        Value = string.Join(" ", parts.Select(p => p.Value));
    }

    public string Value { get; }

    public RuleError ErrorAt(int offset, string message)
    {
        int start = 0;
        foreach (var part in _parts)
        {
            if (offset <= start + part.Value.Length || ReferenceEquals(part, _parts[^1]))
            {
                return part.ErrorAt(offset - start, message);
            }
            start += part.Value.Length + 1;
        }
        return _parts[0].Error(message);
    }
}
