using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Web.Triage;

/// <summary>How statuses and verdicts are spelled towards people and scripts: lower-case words,
/// "false-positive" with a hyphen.</summary>
internal static class TriageText
{
    public static string Word(IncidentStatus status) => status == IncidentStatus.FalsePositive ? "false-positive" : status.ToString().ToLowerInvariant();

    public static string Word(string statusName) => Enum.TryParse<IncidentStatus>(statusName, out var status) ? Word(status) : statusName.ToLowerInvariant();

    public static string Word(Verdict verdict) => verdict.ToString().ToLowerInvariant();

    public static IncidentStatus? ParseStatus(string? text) =>
        text is not null && Enum.TryParse<IncidentStatus>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var status)
            && Enum.IsDefined(status) && !int.TryParse(text, out _)
            ? status
            : null;

    public static bool IsOpen(IncidentStatus status) => status is not (IncidentStatus.Closed or IncidentStatus.FalsePositive);
}
