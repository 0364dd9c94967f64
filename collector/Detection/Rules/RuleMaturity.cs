namespace HsGuard.Collector.Detection.Rules;

/// <summary>How far a rule can be trusted, from its one maturity_* tag (falcosecurity/rules'
/// maturity levels).</summary>
public enum RuleMaturity
{
    Stable,
    Incubating,
    Sandbox,
    Deprecated,
}
