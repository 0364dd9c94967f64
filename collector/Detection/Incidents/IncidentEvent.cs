namespace HsGuard.Collector.Detection.Incidents;

/// <summary>An incident was opened, or its verdict rose: what the response and the notifications
/// act on.</summary>
public sealed record IncidentEvent(Incident Incident, Verdict Previous, bool Opened);
