using HsGuard.Collector.Detection.Rules.Definitions;
using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Compilation;

/// <summary>Turns the definitions that the overrides left into compiled rules: lists expanded,
/// every macro compiled (an unused one is checked too), every rule's condition, output and tags.</summary>
internal static class RuleSetCompiler
{
    private static readonly Dictionary<string, RuleMaturity> MaturityTags = new(StringComparer.Ordinal)
    {
        ["maturity_stable"] = RuleMaturity.Stable,
        ["maturity_incubating"] = RuleMaturity.Incubating,
        ["maturity_sandbox"] = RuleMaturity.Sandbox,
        ["maturity_deprecated"] = RuleMaturity.Deprecated,
    };

    public static (List<CompiledRule> Rules, Dictionary<string, string[]> Lists) Compile(DefinitionTable table, List<RuleError> errors)
    {
        var lists = ListExpander.Expand(table.Lists, errors);
        var compiler = new ConditionCompiler(lists, table.Macros, errors);
        foreach (var macro in table.Macros)
        {
            compiler.CompileMacro(macro.Name);
        }
        var rules = new List<CompiledRule>();
        // A broken rule (a key missing or wrong, already reported) is still checked as far as it
        // goes, so that one run reports all that is wrong with it; it is not kept.
        foreach (var definition in table.Rules)
        {
            var condition = definition.Condition.Count > 0 ? compiler.CompileRule(definition) : null;
            var output = definition.Output is { } text ? OutputTemplate.Parse(text, definition.Name, definition.Source, errors) : null;
            // A rule reported for missing keys is not told about its tags as well, unless it has some.
            var maturity = definition.Broken && definition.Tags.Count == 0 ? null : Maturity(definition, errors);
            if (!definition.Broken && condition is not null && output is not null && maturity is { } m)
            {
                var info = new RuleInfo(definition.Name, definition.Description!.Value.Trim(), new SourceText(definition.Condition).Value.Trim(),
                    definition.Output!.Value.Trim(), definition.Priority, [.. definition.Tags.Select(t => t.Value)], definition.Weight,
                    definition.Source, definition.NameNode.File.Path, definition.NameNode.Line, definition.Enabled, m);
                rules.Add(new CompiledRule(info, condition, output));
            }
        }
        return (rules, lists);
    }

    /// <summary>The one maturity tag a rule must carry (falcosecurity/rules' convention).</summary>
    private static RuleMaturity? Maturity(RuleDefinition rule, List<RuleError> errors)
    {
        var found = new List<string>();
        foreach (var tag in rule.Tags.Where(t => t.Value.StartsWith("maturity_", StringComparison.Ordinal)))
        {
            if (MaturityTags.ContainsKey(tag.Value))
            {
                found.Add(tag.Value);
            }
            else
            {
                errors.Add(tag.Error($"unknown maturity tag '{tag.Value}' (known: {string.Join(", ", MaturityTags.Keys)})"));
                return null;
            }
        }
        if (found.Count == 1)
        {
            return MaturityTags[found[0]];
        }
        errors.Add(rule.TagsNode.Error(found.Count == 0
            ? $"rule '{rule.Name}' needs a maturity tag in its tags: one of {string.Join(", ", MaturityTags.Keys)}"
            : $"rule '{rule.Name}' has {found.Count} maturity tags ({string.Join(", ", found)}); it needs exactly one"));
        return null;
    }
}
