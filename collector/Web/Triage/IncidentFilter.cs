using System.Globalization;
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

    /// <summary>The filter as a request gives it, in text, and what is wrong with it by parameter
    /// (empty when nothing): the API's and the page's one reading. Blank text filters are absent;
    /// <paramref name="limit"/>, <paramref name="before"/> and <paramref name="after"/> are read as
    /// given (null: absent), a limit that is no number leaving the default in place.</summary>
    public static (IncidentFilter Filter, Dictionary<string, string[]> Errors) Parse(string? host, string? member, string? user,
        string? severity, string? status, string? limit, string? before, string? after)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        int count = new IncidentFilter().Limit;
        if (limit is not null && !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            errors["limit"] = [$"limit '{limit}' is not a number"];
            count = new IncidentFilter().Limit;
        }
        long? Cursor(string name, string? text)
        {
            if (text is null)
            {
                return null;
            }
            if (TryParseId(text, out long id))
            {
                return id;
            }
            errors[name] = [$"{name} '{text}' is not an incident id (a positive whole number: the page's next or previous)"];
            return null;
        }
        var filter = new IncidentFilter(Blank(host), Blank(member), Blank(user), Blank(severity), Blank(status), count, Cursor("before", before),
            Cursor("after", after));
        foreach (var (name, messages) in filter.Errors())
        {
            errors.TryAdd(name, messages);
        }
        return (filter, errors);
    }

    /// <summary>An incident's (or an allow entry's) id in text: a positive whole number.</summary>
    public static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// <summary>Null for absent, empty or white text; else the text trimmed.</summary>
    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

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
