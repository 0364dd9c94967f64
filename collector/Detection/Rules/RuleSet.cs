namespace HsGuard.Collector.Detection.Rules;

/// <summary>
/// A loaded, checked and compiled set of rules: the rules in file order, the lists by name (detection
/// reads some, such as <c>kernel_thread_names</c>), the files with their hashes, a short version
/// (a hash of their content) and when it was loaded. Immutable: a reload makes a new set.
/// </summary>
public sealed class RuleSet
{
    private readonly IReadOnlyDictionary<string, string[]> _lists;
    private readonly CompiledRule[] _processRules;
    private readonly CompiledRule[] _userRules;

    internal RuleSet(IReadOnlyList<CompiledRule> rules, IReadOnlyDictionary<string, string[]> lists, int macroCount,
        IReadOnlyList<RuleFile> files, string version, DateTimeOffset loadedAt)
    {
        Rules = rules;
        _lists = lists;
        MacroCount = macroCount;
        Files = files;
        Version = version;
        LoadedAt = loadedAt;
        _processRules = [.. rules.Where(r => r.Enabled && r.Source == RuleSource.Process)];
        _userRules = [.. rules.Where(r => r.Enabled && r.Source == RuleSource.User)];
    }

    /// <summary>Every rule, enabled or not, in the order of their definitions.</summary>
    public IReadOnlyList<CompiledRule> Rules { get; }

    public IReadOnlyList<RuleFile> Files { get; }

    /// <summary>The first 12 hex digits of a SHA-256 over the files' hashes, in load order.</summary>
    public string Version { get; }

    public DateTimeOffset LoadedAt { get; }

    public int MacroCount { get; }

    public int ListCount => _lists.Count;

    public IEnumerable<string> ListNames => _lists.Keys;

    /// <summary>A list's items, with the items of lists it names expanded; null when there is no
    /// such list.</summary>
    public IReadOnlyList<string>? List(string name) => _lists.TryGetValue(name, out var items) ? items : null;

    public CompiledRule? Rule(string name)
    {
        foreach (var rule in Rules)
        {
            if (rule.Name == name)
            {
                return rule;
            }
        }
        return null;
    }

    /// <summary>
    /// Evaluates every enabled rule of <paramref name="source"/> against <paramref name="fields"/>
    /// and puts those that match, in file order, into <paramref name="fired"/> (cleared first), and
    /// returns how many fired. Allocates nothing when the caller reuses its list.
    /// </summary>
    public int EvaluateAll(IFieldSource fields, RuleSource source, List<CompiledRule> fired)
    {
        ArgumentNullException.ThrowIfNull(fired);
        fired.Clear();
        foreach (var rule in source == RuleSource.Process ? _processRules : _userRules)
        {
            if (rule.Matches(fields))
            {
                fired.Add(rule);
            }
        }
        return fired.Count;
    }
}
