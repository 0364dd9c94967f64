using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Web.Triage;

/// <summary>Which incidents a list shows. Every part is optional.</summary>
/// <param name="Severity">The lowest severity shown (Falco's scale: WARNING shows WARNING and above).</param>
/// <param name="Status">"open" (not closed nor false positive), "all", or one status (suspended, closed, ...).
/// Defaults to all, open ones first.</param>
/// <param name="Limit">At most this many (1 to 1000). Defaults to 200.</param>
public sealed record IncidentFilter(string? Host = null, string? Member = null, string? User = null, string? Severity = null,
    string? Status = null, int Limit = 200)
{
    public const int MaxLimit = 1000;

    /// <summary>What is wrong with the filter, by parameter; empty when nothing.</summary>
    public Dictionary<string, string[]> Errors()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Severity is not null && Priorities.Rank(Severity) < 0)
        {
            errors["severity"] = [$"'{Severity}' is not a severity (EMERGENCY ALERT CRITICAL ERROR WARNING NOTICE INFORMATIONAL DEBUG)"];
        }
        if (Status is not null && !IsOpen && !IsAll && ParsedStatus is null)
        {
            errors["status"] = [$"'{Status}' is not a status (open, all, {string.Join(", ", Enum.GetNames<IncidentStatus>().Select(TriageText.Word))})"];
        }
        if (Limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}"];
        }
        return errors;
    }

    internal bool IsOpen => string.Equals(Status, "open", StringComparison.OrdinalIgnoreCase);

    internal bool IsAll => Status is null || string.Equals(Status, "all", StringComparison.OrdinalIgnoreCase);

    internal IncidentStatus? ParsedStatus => TriageText.ParseStatus(Status);

    internal bool Matches(IncidentSummary incident) =>
        (Member is null || string.Equals(Member, incident.Member, StringComparison.Ordinal))
        && (Severity is null || Priorities.Rank(incident.Severity) >= Priorities.Rank(Severity))
        && (IsAll || (IsOpen ? incident.IsOpen : string.Equals(incident.Status, TriageText.Word(ParsedStatus!.Value), StringComparison.Ordinal)));
}
