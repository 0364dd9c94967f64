namespace HsGuard.Collector.Detection.Rules;

/// <summary>One thing wrong with the rules: where (1-based line and column; 0 when the error is about
/// a whole file, such as one that cannot be read) and what.</summary>
public sealed record RuleError(string File, int Line, int Column, string Message)
{
    /// <summary>The compiler's form, <c>FILE:LINE:COL: message</c>, that editors and CI logs link to.</summary>
    public override string ToString() => Line > 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Message}")
        : $"{File}: {Message}";
}
