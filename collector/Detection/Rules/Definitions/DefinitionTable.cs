using System.Globalization;
using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Definitions;

/// <summary>
/// The lists, macros and rules of all files, items applied in load order: a definition adds a
/// name, an item with <c>override:</c> changes an earlier one key by key (append or replace), and
/// a rule item with only <c>rule:</c> and <c>enabled:</c> switches an earlier rule on or off.
/// </summary>
internal sealed class DefinitionTable
{
    private readonly Dictionary<string, (RuleItem First, object Definition)>[] _byKind =
        [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

    public List<ListDefinition> Lists { get; } = [];

    public List<MacroDefinition> Macros { get; } = [];

    public List<RuleDefinition> Rules { get; } = [];

    public void Apply(RuleItem item, List<RuleError> errors)
    {
        if (item.Override is not null || item.Keys.ContainsKey("override"))
        {
            ApplyOverride(item, errors);
        }
        else if (item.Kind == ItemKind.Rule && item.Keys.Count == 2 && item.Keys.ContainsKey("enabled"))
        {
            Toggle(item, errors);
        }
        else
        {
            Define(item, errors);
        }
    }

    private void Define(RuleItem item, List<RuleError> errors)
    {
        var names = _byKind[(int)item.Kind];
        if (names.TryGetValue(item.Name, out var existing))
        {
            var first = existing.First.NameNode;
            errors.Add(item.NameNode.Error(string.Create(CultureInfo.InvariantCulture,
                $"{item.Describe()} is already defined at {first.File.Path}:{first.Line}; to change it, add override: (see rules/README.md)")));
            return;
        }
        string[] required = item.Kind switch
        {
            ItemKind.List => ["items"],
            ItemKind.Macro => ["condition"],
            _ => ["desc", "condition", "output", "priority"],
        };
        var missing = required.Where(k => !item.Keys.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(item.NameNode.Error($"{item.Describe()} has no {string.Join(", no ", missing)}"));
        }
        object definition;
        switch (item.Kind)
        {
            case ItemKind.List:
                var list = new ListDefinition(item);
                Lists.Add(list);
                definition = list;
                break;
            case ItemKind.Macro:
                var macro = new MacroDefinition(item);
                Macros.Add(macro);
                definition = macro;
                break;
            default:
                var rule = new RuleDefinition(item) { Broken = item.Invalid || missing.Count > 0 };
                Rules.Add(rule);
                definition = rule;
                break;
        }
        names.Add(item.Name, (item, definition));
    }

    private void Toggle(RuleItem item, List<RuleError> errors)
    {
        if (!_byKind[(int)ItemKind.Rule].TryGetValue(item.Name, out var target))
        {
            errors.Add(item.NameNode.Error($"rule '{item.Name}' is not defined before this item; an item with only rule: and enabled: "
                + "switches an earlier rule on or off" + NameSuggestion.Hint(item.Name, _byKind[(int)ItemKind.Rule].Keys)));
            return;
        }
        if (item.Enabled is { } enabled)
        {
            ((RuleDefinition)target.Definition).Enabled = enabled;
        }
    }

    private void ApplyOverride(RuleItem item, List<RuleError> errors)
    {
        var modes = item.Override ?? [];
        foreach (var (key, node) in item.Keys)
        {
            if (key != "override" && key != RuleItem.KindName(item.Kind) && !item.OverrideNames.Contains(key) && item.Override is not null)
            {
                errors.Add(node.Error($"'{node.Value}' of an override item must be named under override: ({node.Value}: replace), "
                    + "or moved to an item of its own"));
                item.Invalid = true;
            }
        }
        foreach (string key in modes.Keys.Where(k => !item.Keys.ContainsKey(k)))
        {
            errors.Add(item.Keys["override"].Error($"override: names '{key}', which this item does not give"));
            item.Invalid = true;
        }
        if (!_byKind[(int)item.Kind].TryGetValue(item.Name, out var target))
        {
            errors.Add(item.NameNode.Error($"override of {item.Describe()}, which is not defined before it (an override comes after "
                + $"the item it changes)" + NameSuggestion.Hint(item.Name, _byKind[(int)item.Kind].Keys)));
            return;
        }
        if (item.Invalid)
        {
            return;
        }
        switch (target.Definition)
        {
            case ListDefinition list:
                list.Items = Merge(list.Items, item.Items!, modes["items"]);
                break;
            case MacroDefinition macro:
                macro.Condition = Merge(macro.Condition, [item.Condition!], modes["condition"]);
                break;
            case RuleDefinition rule:
                OverrideRule(rule, item, modes);
                break;
        }
    }

    private static void OverrideRule(RuleDefinition rule, RuleItem item, Dictionary<string, OverrideMode> modes)
    {
        foreach (var (key, mode) in modes)
        {
            switch (key)
            {
                case "condition":
                    rule.Condition = Merge(rule.Condition, [item.Condition!], mode);
                    break;
                case "tags":
                    rule.Tags = Merge(rule.Tags, item.Tags!, mode);
                    rule.TagsNode = item.Keys["tags"];
                    break;
                case "desc":
                    rule.Description = item.Description;
                    break;
                case "output":
                    rule.Output = item.Output;
                    break;
                case "priority":
                    rule.Priority = item.Priority!.Value;
                    break;
                case "weight":
                    rule.Weight = item.Weight!.Value;
                    break;
                case "enabled":
                    rule.Enabled = item.Enabled!.Value;
                    break;
            }
        }
    }

    private static List<SourceScalar> Merge(List<SourceScalar> current, List<SourceScalar> given, OverrideMode mode) =>
        mode == OverrideMode.Append ? [.. current, .. given] : [.. given];
}
