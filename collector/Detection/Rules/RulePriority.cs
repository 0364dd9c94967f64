namespace HsGuard.Collector.Detection.Rules;

/// <summary>Falco's priorities (syslog's severities), most severe first.</summary>
public enum RulePriority
{
    Emergency,
    Alert,
    Critical,
    Error,
    Warning,
    Notice,
    Informational,
    Debug,
}
