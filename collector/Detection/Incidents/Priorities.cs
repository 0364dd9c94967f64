namespace HsGuard.Collector.Detection.Incidents;

/// <summary>Falco's priorities, lowest first.</summary>
public static class Priorities
{
    private static readonly string[] Order = ["DEBUG", "INFORMATIONAL", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"];

    public static int Rank(string priority) => Array.IndexOf(Order, priority.ToUpperInvariant());
}
