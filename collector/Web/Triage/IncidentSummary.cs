namespace HsGuard.Collector.Web.Triage;

/// <summary>An incident as a list shows it.</summary>
/// <param name="Member">The member the user belongs to, when known.</param>
/// <param name="Rules">The rules that fired, heaviest first.</param>
public sealed record IncidentSummary(
    long Id,
    string Host,
    string User,
    uint Uid,
    string? Member,
    string Status,
    bool IsOpen,
    string Verdict,
    string Severity,
    int Score,
    int OffenderPid,
    string OffenderComm,
    string OffenderExe,
    DateTimeOffset OpenedAt,
    DateTimeOffset DetectedAt,
    DateTimeOffset LastActivity,
    IReadOnlyList<string> Rules);
