using System.Globalization;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Web.Triage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HsGuard.Collector.Web.Pages.Incidents;

/// <summary>The incidents a viewer may see, newest first, a page at a time (Older / Newer links
/// that keep the filter), filtered by host, member, user, lowest severity and status (the filter
/// is the API's, checked the same way).</summary>
internal sealed class IndexModel(TriageQueries queries, TimeProvider time) : PageModel
{
    public static readonly string[] Severities = ["EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFORMATIONAL", "DEBUG"];

    /// <summary>Incidents a page shows at most unless the address says (the API's default).</summary>
    public static int DefaultLimit => new IncidentFilter().Limit;

    public static IEnumerable<string> Statuses => ["open", .. Enum.GetValues<IncidentStatus>().Select(TriageText.Word)];

    [BindProperty(SupportsGet = true)]
    public string? Host { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Member { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>Incidents a page shows at most (1 to 1000; text: a wrong one is a clear 400).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Limit { get; set; }

    /// <summary>The page size in force.</summary>
    public int PageSize { get; private set; } = DefaultLimit;

    /// <summary>The page just older than this incident id.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    /// <summary>The page just newer than this incident id.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>The link to the older page, with the filter; null on the last page.</summary>
    public string? OlderUrl { get; private set; }

    /// <summary>The link to the newer page, with the filter; null on the first page.</summary>
    public string? NewerUrl { get; private set; }

    public IReadOnlyList<IncidentSummary> Incidents { get; private set; } = [];

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public DateTimeOffset Now { get; } = time.GetUtcNow();

    public bool Filtered => Host is not null || Member is not null || UserName is not null || Severity is not null || Status is not null;

    public void OnGet()
    {
        var (filter, problems) = IncidentFilter.Parse(Host, Member, UserName, Severity, Status, Blank(Limit), Blank(Before), Blank(After));
        var errors = problems.SelectMany(e => e.Value).ToList();
        if (errors.Count > 0)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        PageSize = filter.Limit;
        var page = queries.Incidents(filter, Viewer.Of(User));
        Incidents = page.Incidents;
        OlderUrl = page.Next is { } next ? Link("before", next) : null;
        NewerUrl = page.Previous is { } previous ? Link("after", previous) : null;
    }

    /// <summary>This list's address with the filter as given and the cursor.</summary>
    private string Link(string cursor, long id)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["host"] = Blank(Host), ["member"] = Blank(Member), ["user"] = Blank(UserName), ["severity"] = Blank(Severity), ["status"] = Blank(Status),
            ["limit"] = Blank(Limit), [cursor] = id.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString("/incidents", query.Where(q => q.Value is not null));
    }

    private static string? Blank(string? value) => IncidentFilter.Blank(value);
}
