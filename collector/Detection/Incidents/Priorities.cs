namespace HsGuard.Collector.Detection.Incidents;

/// <summary>Falco's priorities, lowest first.</summary>
public static class Priorities
{
    private static readonly string[] Order = ["DEBUG", "INFORMATIONAL", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"];

    public static int Rank(string priority) => Array.IndexOf(Order, priority.ToUpperInvariant());

    /// <summary>This priority and those above it (upper case); none for a priority not on the scale.</summary>
    public static IReadOnlyList<string> AtLeast(string priority) => Rank(priority) is >= 0 and var rank ? Order[rank..] : [];
}
