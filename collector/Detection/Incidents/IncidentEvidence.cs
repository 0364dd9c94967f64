namespace HsGuard.Collector.Detection.Incidents;

/// <summary>What the incident rests on, taken when its verdict was reached (and again when it
/// rose): the process tree with executables and command lines, their CPU histories and
/// connections, the user's CPU history on the host and the baseline's score.</summary>
public sealed record IncidentEvidence(
    DateTimeOffset TakenAt,
    IReadOnlyList<EvidenceProcess> Tree,
    IReadOnlyList<EvidencePoint> UserCpu,
    double BaselineScore);
