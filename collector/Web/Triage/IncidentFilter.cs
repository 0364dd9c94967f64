using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Web.Triage;

/// <summary>Which incidents a list shows, newest first, a page at a time. Every part is optional.</summary>
/// <param name="Severity">The lowest severity shown (Falco's scale: WARNING shows WARNING and above).</param>
/// <param name="Status">"open" (not closed nor false positive), "all", or one status (suspended, closed, ...).
/// Defaults to all.</param>
/// <param name="Limit">At most this many (1 to 1000). Defaults to 200.</param>
/// <param name="Before">The page of incidents just older than this id (a page's <see cref="IncidentPage.Next"/>).</param>
/// <param name="After">The page of incidents just newer than this id (a page's <see cref="IncidentPage.Previous"/>).</param>
public sealed record IncidentFilter(string? Host = null, string? Member = null, string? User = null, string? Severity = null,
    string? Status = null, int Limit = 200, long? Before = null, long? After = null)
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
        if (Before is < 1)
        {
            errors["before"] = ["before must be an incident id (a positive whole number)"];
        }
        if (After is < 1)
        {
            errors["after"] = ["after must be an incident id (a positive whole number)"];
        }
        if (Before is not null && After is not null)
        {
            errors["before"] = ["give before (older incidents) or after (newer ones), not both"];
        }
        return errors;
    }

    internal bool IsOpen => string.Equals(Status, "open", StringComparison.OrdinalIgnoreCase);

    internal bool IsAll => Status is null || string.Equals(Status, "all", StringComparison.OrdinalIgnoreCase);

    internal IncidentStatus? ParsedStatus => TriageText.ParseStatus(Status);
}
