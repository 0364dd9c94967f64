namespace HsGuard.Collector.Detection.Incidents;

/// <summary>A rule that matched, with its output formatted for the process (or user) it matched.</summary>
public sealed record FiredRule(string Name, int Weight, string Priority, IReadOnlyList<string> Tags, string Output);
