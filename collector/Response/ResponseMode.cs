namespace HsGuard.Collector.Response;

/// <summary>What the collector does about incidents on its own.</summary>
public enum ResponseMode
{
    /// <summary>Record only: incidents, no alerts, no actions.</summary>
    Observe,
    /// <summary>Record and alert; never act on processes.</summary>
    Alert,
    /// <summary>Record, alert, and suspend the process tree of an incident with a suspend verdict.</summary>
    Enforce,
}
