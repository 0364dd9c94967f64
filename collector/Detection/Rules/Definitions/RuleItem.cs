using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Definitions;

/// <summary>One item of a rules file as written, its values checked one by one: a definition, an
/// override of an earlier item, or (for a rule) a switch on or off. A value that is absent is null;
/// one that was wrong is null too, with <see cref="Invalid"/> set and its error reported.</summary>
internal sealed class RuleItem
{
    public RuleItem(ItemKind kind, string name, SourceScalar nameNode)
    {
        Kind = kind;
        Name = name;
        NameNode = nameNode;
    }

    public ItemKind Kind { get; }

    public string Name { get; }

    public SourceScalar NameNode { get; }

    /// <summary>The keys the item has (severity read as priority), each with its key's node.</summary>
    public Dictionary<string, SourceScalar> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>The item's <c>override:</c> map (its valid entries), or null for a definition.</summary>
    public Dictionary<string, OverrideMode>? Override { get; set; }

    /// <summary>Every key the <c>override:</c> map names, a wrong one included (reported already).</summary>
    public HashSet<string> OverrideNames { get; } = new(StringComparer.Ordinal);

    public bool Invalid { get; set; }

    public List<SourceScalar>? Items { get; set; }

    public SourceScalar? Condition { get; set; }

    public SourceScalar? Description { get; set; }

    public SourceScalar? Output { get; set; }

    public RulePriority? Priority { get; set; }

    public List<SourceScalar>? Tags { get; set; }

    public int? Weight { get; set; }

    public RuleSource? Source { get; set; }

    public bool? Enabled { get; set; }

    public string Describe() => $"{KindName(Kind)} '{Name}'";

    public static string KindName(ItemKind kind) => kind switch
    {
        ItemKind.List => "list",
        ItemKind.Macro => "macro",
        _ => "rule",
    };
}
