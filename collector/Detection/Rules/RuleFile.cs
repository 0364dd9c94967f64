namespace HsGuard.Collector.Detection.Rules;

/// <summary>A file a rule set was loaded from, with the SHA-256 of its content (lower-case hex).</summary>
public sealed record RuleFile(string Path, string Sha256);
