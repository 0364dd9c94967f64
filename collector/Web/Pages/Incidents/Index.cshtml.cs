using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Web.Triage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HsGuard.Collector.Web.Pages.Incidents;

/// <summary>The incidents a viewer may see, open ones first, filtered by host, member, user,
/// lowest severity and status (the filter is the API's, checked the same way).</summary>
internal sealed class IndexModel(TriageQueries queries, TimeProvider time) : PageModel
{
    public static readonly string[] Severities = ["EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFORMATIONAL", "DEBUG"];

    /// <summary>Incidents a list shows at most (the API's default).</summary>
    public static int Limit => new IncidentFilter().Limit;

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

    public IReadOnlyList<IncidentSummary> Incidents { get; private set; } = [];

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public DateTimeOffset Now { get; } = time.GetUtcNow();

    public bool Filtered => Host is not null || Member is not null || UserName is not null || Severity is not null || Status is not null;

    public void OnGet()
    {
        var filter = new IncidentFilter(Blank(Host), Blank(Member), Blank(UserName), Blank(Severity), Blank(Status));
        var errors = filter.Errors();
        if (errors.Count > 0)
        {
            Errors = errors.SelectMany(e => e.Value).ToList();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Incidents = queries.Incidents(filter, Viewer.Of(User));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
