namespace HsGuard.Collector.Detection.Incidents;

/// <summary>What an incident calls for, by its score: record only, alert the hostmasters, or
/// suspend the process tree. Ordered: a verdict only ever rises.</summary>
public enum Verdict
{
    Record = 0,
    Alert = 1,
    Suspend = 2,
}
