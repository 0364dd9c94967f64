namespace HsGuard.Collector.Detection.Incidents;

/// <summary>Where an incident stands for the hostmasters.</summary>
public enum IncidentStatus
{
    /// <summary>Found, nothing done to its processes.</summary>
    Open = 0,
    /// <summary>Its process tree is suspended.</summary>
    Suspended = 1,
    /// <summary>Suspended, then resumed by a hostmaster.</summary>
    Resumed = 2,
    /// <summary>Its processes were killed.</summary>
    Killed = 3,
    /// <summary>Dealt with.</summary>
    Closed = 4,
    /// <summary>Judged a false positive (an allow entry was made).</summary>
    FalsePositive = 5,
}
