using HsGuard.Collector.Detection.Rules;

namespace HsGuard.Collector.Detection.Incidents;

/// <summary>
/// A rule that matched, with its output for the process (or user) it matched. Detection's own
/// instances (one per rule and thread, reused) format the output only when it is read: an incident
/// keeps the output of a rule's first firing only, so a rule that keeps firing on every sample of a
/// process needs no text after that. Such an instance formats from the facts of the sample being
/// reported and is valid only until the report returns.
/// </summary>
public sealed class FiredRule
{
    private readonly string? _output;
    private readonly CompiledRule? _rule;
    private IFieldSource? _facts;

    public FiredRule(string name, int weight, string priority, IReadOnlyList<string> tags, string output)
    {
        Name = name;
        Weight = weight;
        Priority = priority;
        Tags = tags;
        _output = output;
    }

    /// <summary>Detection's reusable instance for <paramref name="rule"/>; see <see cref="For"/>.</summary>
    internal FiredRule(CompiledRule rule)
    {
        Name = rule.Name;
        Weight = rule.Weight;
        Priority = rule.Priority.ToString().ToUpperInvariant();
        Tags = rule.Tags;
        _rule = rule;
    }

    public string Name { get; }

    public int Weight { get; }

    public string Priority { get; }

    public IReadOnlyList<string> Tags { get; }

    /// <summary>The output; formatted when read, for detection's instances.</summary>
    public string Output => _output ?? _rule!.FormatOutput(_facts!);

    /// <summary>Binds a reusable instance to the facts of the sample about to be reported.</summary>
    internal FiredRule For(IFieldSource facts)
    {
        _facts = facts;
        return this;
    }
}
