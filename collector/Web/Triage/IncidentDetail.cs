using HsGuard.Collector.Detection.Allow;

namespace HsGuard.Collector.Web.Triage;

/// <summary>An incident with its evidence: the signals that fired and why, the process tree, the
/// CPU of its processes and of the user over the incident's window, the baseline's score, and
/// everything done and told about it.</summary>
/// <param name="WindowStart">The incident's window: from a minute before its first process was seen...</param>
/// <param name="WindowEnd">... to its last activity (or now, while it is open).</param>
/// <param name="BaselineScore">How unusual the user's behaviour was against its own past when the
/// evidence was taken (null without evidence).</param>
/// <param name="UserCpu">The user's CPU on the host over the window (percent of one core).</param>
/// <param name="Live">Whether the incident is in the collector's memory (its processes may still be acted on).</param>
/// <param name="AllowEntries">The allow entries made from this incident (false positive).</param>
public sealed record IncidentDetail(
    IncidentSummary Summary,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    DateTimeOffset? EvidenceTakenAt,
    double? BaselineScore,
    bool Live,
    bool HostConnected,
    IReadOnlyList<SignalView> Signals,
    IReadOnlyList<ProcessView> Processes,
    IReadOnlyList<CpuPoint> UserCpu,
    IReadOnlyList<ActionView> Actions,
    IReadOnlyList<NoticeView> Notices,
    IReadOnlyList<CapturedView> Captured,
    IReadOnlyList<AllowEntry> AllowEntries);
