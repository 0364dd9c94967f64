using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Definitions;

/// <summary>Expands lists whose items name other lists (as Falco does), in any order of definition;
/// a list that includes itself, directly or not, is an error at the item that closes the circle.</summary>
internal sealed class ListExpander
{
    private readonly Dictionary<string, ListDefinition> _definitions;
    private readonly Dictionary<string, string[]> _expanded = new(StringComparer.Ordinal);
    private readonly List<string> _path = [];
    private readonly List<RuleError> _errors;

    private ListExpander(IEnumerable<ListDefinition> definitions, List<RuleError> errors)
    {
        _definitions = definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);
        _errors = errors;
    }

    /// <summary>Every list by name, its items expanded, duplicates dropped, order kept.</summary>
    public static Dictionary<string, string[]> Expand(IEnumerable<ListDefinition> definitions, List<RuleError> errors)
    {
        var expander = new ListExpander(definitions, errors);
        foreach (string name in expander._definitions.Keys)
        {
            expander.Get(name);
        }
        return expander._expanded;
    }

    private string[] Get(string name)
    {
        if (_expanded.TryGetValue(name, out var done))
        {
            return done;
        }
        _path.Add(name);
        var items = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (SourceScalar item in _definitions[name].Items)
        {
            IEnumerable<string> values = [item.Value];
            if (_definitions.ContainsKey(item.Value))
            {
                if (_path.Contains(item.Value))
                {
                    _errors.Add(item.Error($"list '{item.Value}' includes itself: {string.Join(" -> ", _path.SkipWhile(p => p != item.Value))} -> {item.Value}"));
                    continue;
                }
                values = Get(item.Value);
            }
            items.AddRange(values.Where(seen.Add));
        }
        _path.RemoveAt(_path.Count - 1);
        return _expanded[name] = [.. items];
    }
}
