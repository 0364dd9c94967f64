using System.Text.RegularExpressions;
using HsGuard.Collector.Detection.Rules.Compilation;
using HsGuard.Collector.Detection.Rules.Evaluation;

namespace HsGuard.Collector.Detection.Rules;

/// <summary>A rule ready to evaluate: its condition compiled to a tree of nodes, its output to a
/// template. Immutable; safe to evaluate from many threads at once.</summary>
public sealed partial class CompiledRule
{
    private readonly ConditionNode _condition;
    private readonly OutputTemplate _output;

    internal CompiledRule(RuleInfo info, ConditionNode condition, OutputTemplate output)
    {
        Name = info.Name;
        Description = info.Description;
        Condition = info.Condition;
        Output = info.Output;
        Priority = info.Priority;
        Tags = info.Tags;
        Weight = info.Weight;
        Source = info.Source;
        File = info.File;
        Line = info.Line;
        Enabled = info.Enabled;
        Maturity = info.Maturity;
        MitreIds = [.. info.Tags.Where(t => MitreId().IsMatch(t))];
        _condition = condition;
        _output = output;
    }

    public string Name { get; }

    public string Description { get; }

    /// <summary>The condition as written (with overrides' appends joined by a space).</summary>
    public string Condition { get; }

    /// <summary>The output template as written.</summary>
    public string Output { get; }

    public RulePriority Priority { get; }

    public IReadOnlyList<string> Tags { get; }

    /// <summary>Points this rule adds to an incident's score when it fires (0 to 1000).</summary>
    public int Weight { get; }

    public RuleSource Source { get; }

    /// <summary>The file and line of the rule's definition (overrides may live elsewhere).</summary>
    public string File { get; }

    public int Line { get; }

    /// <summary>A disabled rule is loaded and checked but <see cref="RuleSet.EvaluateAll"/> skips it.</summary>
    public bool Enabled { get; }

    public RuleMaturity Maturity { get; }

    /// <summary>The tags that are MITRE ATT&amp;CK technique ids (T1496, T1036.005).</summary>
    public IReadOnlyList<string> MitreIds { get; }

    /// <summary>Whether the condition holds for these fields; allocates nothing.</summary>
    public bool Matches(IFieldSource fields) => _condition.Evaluate(fields);

    /// <summary>The output with each placeholder replaced by the field's value (<c>&lt;NA&gt;</c>
    /// when it has none).</summary>
    public string FormatOutput(IFieldSource fields) => _output.Format(fields);

    public override string ToString() => Name;

    [GeneratedRegex(@"^T\d{4}(\.\d{3})?$")]
    private static partial Regex MitreId();
}
