using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Definitions;

/// <summary>A macro as the overrides leave it: its condition is one scalar, or several when
/// overrides appended to it.</summary>
internal sealed class MacroDefinition(RuleItem item)
{
    public string Name { get; } = item.Name;

    public SourceScalar NameNode { get; } = item.NameNode;

    public List<SourceScalar> Condition { get; set; } = item.Condition is { } c ? [c] : [];
}
