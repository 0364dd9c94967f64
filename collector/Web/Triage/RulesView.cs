namespace HsGuard.Collector.Web.Triage;

/// <summary>The rules in force: where they come from, whether the last reload worked, and each rule.</summary>
/// <param name="Errors">The errors of the last load or reload (the rules before it stay in force).</param>
public sealed record RulesView(string Version, DateTimeOffset LoadedAt, IReadOnlyList<string> Paths, IReadOnlyList<string> Files,
    DateTimeOffset? LastReloadAt, IReadOnlyList<string> Errors, IReadOnlyList<RuleView> Rules);

/// <summary>A loaded rule, the file and line it comes from, and how often it fired since the collector started.</summary>
public sealed record RuleView(string Name, string Description, string Priority, int Weight, string Source, bool Enabled, string Maturity,
    IReadOnlyList<string> Tags, string File, int Line, long Fired);
