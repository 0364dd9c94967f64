namespace HsGuard.Collector.Detection.Rules;

/// <summary>The descriptive part of a <see cref="CompiledRule"/>, as the compiler hands it over.</summary>
internal sealed record RuleInfo(string Name, string Description, string Condition, string Output, RulePriority Priority,
    IReadOnlyList<string> Tags, int Weight, RuleSource Source, string File, int Line, bool Enabled, RuleMaturity Maturity);
