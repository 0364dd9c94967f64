using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Definitions;

/// <summary>A list as the overrides leave it; an item may still name another list.</summary>
internal sealed class ListDefinition(RuleItem item)
{
    public string Name { get; } = item.Name;

    public SourceScalar NameNode { get; } = item.NameNode;

    public List<SourceScalar> Items { get; set; } = item.Items ?? [];
}
