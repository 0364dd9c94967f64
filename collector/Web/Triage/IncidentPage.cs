namespace HsGuard.Collector.Web.Triage;

/// <summary>A page of a list of incidents, newest first.</summary>
/// <param name="Next">The cursor of the older page (ask with before=Next); null when there is none.</param>
/// <param name="Previous">The cursor of the newer page (ask with after=Previous); null when there is none.</param>
public sealed record IncidentPage(IReadOnlyList<IncidentSummary> Incidents, long? Next, long? Previous);
