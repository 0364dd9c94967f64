using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Definitions;

/// <summary>Turns a file's YAML into <see cref="RuleItem"/>s, checking the shape of every item and
/// the type of every value on its own; an item with errors is still returned (marked invalid) so
/// that later items that name it find it.</summary>
internal static class RuleItemReader
{
    private static readonly string[] KindKeys = ["list", "macro", "rule"];

    private static readonly Dictionary<ItemKind, string[]> AllowedKeys = new()
    {
        [ItemKind.List] = ["list", "items", "override"],
        [ItemKind.Macro] = ["macro", "condition", "override"],
        [ItemKind.Rule] = ["rule", "desc", "condition", "output", "priority", "severity", "tags", "weight", "source", "enabled", "override"],
    };

    /// <summary>The keys an override may change and how (Falco 0.36: append where it makes sense).</summary>
    private static readonly Dictionary<ItemKind, Dictionary<string, OverrideMode[]>> Overridable = new()
    {
        [ItemKind.List] = new() { ["items"] = [OverrideMode.Append, OverrideMode.Replace] },
        [ItemKind.Macro] = new() { ["condition"] = [OverrideMode.Append, OverrideMode.Replace] },
        [ItemKind.Rule] = new()
        {
            ["condition"] = [OverrideMode.Append, OverrideMode.Replace],
            ["tags"] = [OverrideMode.Append, OverrideMode.Replace],
            ["desc"] = [OverrideMode.Replace],
            ["output"] = [OverrideMode.Replace],
            ["priority"] = [OverrideMode.Replace],
            ["weight"] = [OverrideMode.Replace],
            ["enabled"] = [OverrideMode.Replace],
        },
    };

    public static List<RuleItem> Read(IEnumerable<SourceNode> roots, List<RuleError> errors)
    {
        var items = new List<RuleItem>();
        foreach (var root in roots)
        {
            if (root is SourceScalar { Value.Length: 0 })
            {
                continue;   // an empty document, or one of comments only
            }
            if (root is not SourceSequence sequence)
            {
                errors.Add(root.Error($"a rules file is a list of items (- list:, - macro:, - rule:), not {root.Kind}"));
                continue;
            }
            foreach (var node in sequence.Items)
            {
                if (ReadItem(node, errors) is { } item)
                {
                    items.Add(item);
                }
            }
        }
        return items;
    }

    private static RuleItem? ReadItem(SourceNode node, List<RuleError> errors)
    {
        if (node is not SourceMapping mapping)
        {
            errors.Add(node.Error($"an item is a mapping that starts with list:, macro: or rule:, not {node.Kind}"));
            return null;
        }
        var kinds = mapping.Entries.Where(e => KindKeys.Contains(e.Key.Value)).ToList();
        if (kinds.Count == 0)
        {
            string first = mapping.Entries.Count > 0 ? mapping.Entries[0].Key.Value : "";
            errors.Add(mapping.Error($"an item needs one of list:, macro: or rule:"
                + (first.Length > 0 ? $"; HsGuard has no '{first}' items" : "")));
            return null;
        }
        if (kinds.Count > 1)
        {
            errors.Add(kinds[1].Key.Error($"an item is one list, macro or rule; this one has both '{kinds[0].Key.Value}' and '{kinds[1].Key.Value}'"));
            return null;
        }
        var kind = (ItemKind)Array.IndexOf(KindKeys, kinds[0].Key.Value);
        if (kinds[0].Value is not SourceScalar { Value: var name } nameNode || string.IsNullOrWhiteSpace(name))
        {
            errors.Add(kinds[0].Key.Error($"a {kinds[0].Key.Value} needs a name"));
            return null;
        }
        var item = new RuleItem(kind, name, nameNode);
        foreach (var (key, value) in mapping.Entries)
        {
            ReadKey(item, key, value, errors);
        }
        return item;
    }

    private static void ReadKey(RuleItem item, SourceScalar key, SourceNode value, List<RuleError> errors)
    {
        string name = key.Value == "severity" ? "priority" : key.Value;
        if (!AllowedKeys[item.Kind].Contains(key.Value))
        {
            errors.Add(key.Error(UnknownKey(item, key.Value)));
            item.Invalid = true;
            return;
        }
        if (!item.Keys.TryAdd(name, key))
        {
            errors.Add(key.Error($"{item.Describe()} has both priority: and severity:; give one"));
            item.Invalid = true;
            return;
        }
        int before = errors.Count;
        switch (name)
        {
            case "list" or "macro" or "rule":
                break;
            case "items":
                item.Items = RuleValues.Scalars(value, "items", errors);
                break;
            case "condition":
                item.Condition = RuleValues.Text(value, key.Value, errors);
                break;
            case "desc":
                item.Description = RuleValues.Text(value, key.Value, errors);
                break;
            case "output":
                item.Output = RuleValues.Text(value, key.Value, errors);
                break;
            case "priority":
                item.Priority = RuleValues.Priority(value, key.Value, errors);
                break;
            case "tags":
                item.Tags = RuleValues.Scalars(value, "tags", errors);
                break;
            case "weight":
                item.Weight = RuleValues.Weight(value, errors);
                break;
            case "source":
                item.Source = RuleValues.Source(value, errors);
                break;
            case "enabled":
                item.Enabled = RuleValues.Bool(value, "enabled", errors);
                break;
            case "override":
                item.Override = Override(item, value, errors);
                break;
        }
        item.Invalid |= errors.Count > before;
    }

    private static string UnknownKey(RuleItem item, string key)
    {
        string known = string.Join(", ", AllowedKeys[item.Kind].Skip(1));
        string hint = key switch
        {
            "append" => "; to add to an earlier item write override: with the key and append (see rules/README.md)",
            "exceptions" => "; HsGuard has no exceptions: extend an allow list or add 'and not ...' to the condition through an override",
            _ => NameSuggestion.Hint(key, AllowedKeys[item.Kind]),
        };
        return $"unknown key '{key}' in {item.Describe()} (a {RuleItem.KindName(item.Kind)} has {known}){hint}";
    }

    private static Dictionary<string, OverrideMode>? Override(RuleItem item, SourceNode value, List<RuleError> errors)
    {
        if (value is not SourceMapping mapping || mapping.Entries.Count == 0)
        {
            errors.Add(value.Error("override must map each key to change to append or replace (override: {condition: append})"));
            return null;
        }
        var modes = new Dictionary<string, OverrideMode>(StringComparer.Ordinal);
        foreach (var (key, node) in mapping.Entries)
        {
            string name = key.Value == "severity" ? "priority" : key.Value;
            item.OverrideNames.Add(name);
            if (!Overridable[item.Kind].TryGetValue(name, out var allowed))
            {
                string can = string.Join(", ", Overridable[item.Kind].Keys);
                errors.Add(key.Error($"the override of {item.Describe()} cannot change '{key.Value}' (a {RuleItem.KindName(item.Kind)} override may change {can})"));
                continue;
            }
            OverrideMode? mode = (node as SourceScalar)?.Value switch
            {
                "append" => OverrideMode.Append,
                "replace" => OverrideMode.Replace,
                _ => null,
            };
            if (mode is not { } m || !allowed.Contains(m))
            {
                string choices = allowed.Length == 2 ? "append or replace" : "replace";
                errors.Add(node.Error($"override of '{key.Value}' must be {choices}" + RuleValues.Given(node)));
                continue;
            }
            modes[name] = m;
        }
        return modes;
    }
}
