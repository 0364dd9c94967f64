using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Notifications;

/// <summary>What notices say about an incident, copied under the incident book's lock: the
/// incident goes on changing while its notices are planned and rendered.</summary>
internal sealed record IncidentFacts(
    long Id,
    string Host,
    uint Uid,
    string User,
    Verdict Verdict,
    string Severity,
    int Score,
    IncidentStatus Status,
    IReadOnlyList<Finding> Findings,
    int OffenderPid,
    string OffenderComm,
    string OffenderExe,
    DateTimeOffset OpenedAt,
    DateTimeOffset DetectedAt,
    DateTimeOffset FirstSeen,
    bool WasSuspended,
    string? SuspendMethod,
    IReadOnlyList<string> SuspendOutcomes)
{
    /// <summary>Call under the book's lock (<see cref="IncidentBook.Read{T}"/>).</summary>
    public static IncidentFacts Of(Incident incident)
    {
        // Suspended: now, or at some point (a suspension the agent carried out), so that a
        // notice is due even when a hostmaster resumed the tree before it was planned.
        var suspension = incident.Actions.LastOrDefault(a => a.Kind == "suspend" && a.Status == "done");
        return new IncidentFacts(incident.Id, incident.Host, incident.Uid, incident.User, incident.Verdict, incident.Severity, incident.Score,
            incident.Status, [.. incident.Findings.OrderByDescending(f => f.Weight).ThenBy(f => f.FirstFired)],
            incident.OffenderPid, incident.OffenderComm, incident.OffenderExe, incident.OpenedAt, incident.DetectedAt, incident.FirstSeen,
            incident.Status == IncidentStatus.Suspended || suspension is not null, suspension?.Method, [.. suspension?.Outcomes ?? []]);
    }
}
