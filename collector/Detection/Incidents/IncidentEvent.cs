namespace HsGuard.Collector.Detection.Incidents;

/// <summary>An incident was opened, its verdict rose, or its status changed: what the response
/// and the notifications act on.</summary>
public sealed record IncidentEvent(Incident Incident, Verdict Previous, bool Opened, IncidentStatus? PreviousStatus = null)
{
    public bool StatusChanged => PreviousStatus is { } previous && previous != Incident.Status;
}
