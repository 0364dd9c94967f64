using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Definitions;

/// <summary>A rule as the overrides leave it, before it is compiled. <see cref="Broken"/> when a
/// required key is missing or a value was wrong (already reported): it is then not compiled.</summary>
internal sealed class RuleDefinition(RuleItem item)
{
    /// <summary>What a rule adds to an incident's score when it does not say (its <c>weight:</c>).</summary>
    public const int DefaultWeight = 10;

    public string Name { get; } = item.Name;

    public SourceScalar NameNode { get; } = item.NameNode;

    public bool Broken { get; set; } = item.Invalid;

    public SourceScalar? Description { get; set; } = item.Description;

    public List<SourceScalar> Condition { get; set; } = item.Condition is { } c ? [c] : [];

    public SourceScalar? Output { get; set; } = item.Output;

    public RulePriority Priority { get; set; } = item.Priority ?? RulePriority.Warning;

    public List<SourceScalar> Tags { get; set; } = item.Tags ?? [];

    /// <summary>Where the tags were last set, for an error about them.</summary>
    public SourceScalar TagsNode { get; set; } = item.Keys.GetValueOrDefault("tags") ?? item.NameNode;

    public int Weight { get; set; } = item.Weight ?? DefaultWeight;

    public RuleSource Source { get; } = item.Source ?? RuleSource.Process;

    public bool Enabled { get; set; } = item.Enabled ?? true;
}
