using HsGuard.Collector.Web.Charts;
using HsGuard.Collector.Web.Triage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HsGuard.Collector.Web.Pages.Incidents;

/// <summary>
/// One incident and its evidence, and the hostmasters' acts on it: each a form post (with its
/// antiforgery token) that goes through the same <see cref="TriageActions"/> as the API and the
/// command line, then back to this page with what came of it (post, redirect, get: a reload does
/// not act twice). A member sees its own incidents only, and no buttons.
/// </summary>
internal sealed class IncidentModel(TriageQueries queries, TriageActions actions, TimeProvider time) : PageModel
{
    /// <summary>Processes drawn in the chart beside the user's total: the busiest, so that a tree of
    /// hundreds stays readable (the table lists them all).</summary>
    public const int ChartedProcesses = 6;

    [FromRoute]
    public long Id { get; set; }

    public IncidentDetail? Detail { get; private set; }

    public DateTimeOffset Now { get; } = time.GetUtcNow();

    [TempData]
    public string? Done { get; set; }

    [TempData]
    public string? Refused { get; set; }

    /// <summary>The incident; a page saying there is none (404) when there is none of that number
    /// or the viewer may not see it, alike, so that a member learns nothing of another's.</summary>
    public void OnGet()
    {
        Detail = queries.Incident(Id, Viewer.Of(User));
        if (Detail is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    public async Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken) =>
        After(await actions.ResumeAsync(Id, Viewer.Of(User), cancellationToken), "Resume ordered");

    public async Task<IActionResult> OnPostKillAsync(bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            Refused = "Tick the box to confirm the kill: it cannot be undone.";
            return RedirectToPage(new { Id });
        }
        return After(await actions.KillAsync(Id, Viewer.Of(User), cancellationToken), "Kill ordered");
    }

    public async Task<IActionResult> OnPostFalsePositiveAsync(string? reason, bool anyHost, CancellationToken cancellationToken)
    {
        var result = await actions.FalsePositiveAsync(Id, Viewer.Of(User), reason, anyHost, cancellationToken);
        return After(result, result.Allow is { } entry ? $"Marked a false positive: allow entry {entry.Id} made" : "Marked a false positive");
    }

    public IActionResult OnPostRevoke(long entry) => After(actions.RevokeAllow(entry, Viewer.Of(User)), $"Allow entry {entry} revoked");

    public IActionResult OnPostNotify() => After(actions.NotifyAgain(Id, Viewer.Of(User)), "The member's notice is sent again");

    public IActionResult OnPostClose(string? reason) => After(actions.Close(Id, Viewer.Of(User), reason), "Closed");

    /// <summary>The chart's lines: the user's total, and its busiest processes by their peak.</summary>
    public IReadOnlyList<ChartSeries> ChartSeries()
    {
        // The user's total first, so that its dashed line lies under its processes' lines.
        return
        [
            new ChartSeries($"user {Detail!.Summary.User} (all its processes)", Points(Detail.UserCpu), Emphasis: true),
            .. Detail.Processes
                .Where(p => p.Cpu.Count > 0)
                .OrderByDescending(p => p.Offender).ThenByDescending(p => p.Cpu.Max(c => c.Cpu))
                .Take(ChartedProcesses)
                .Select(p => new ChartSeries($"{p.Comm} ({p.Pid})", Points(p.Cpu))),
        ];
    }

    /// <summary>The tree's roots: processes whose parent is not in the tree.</summary>
    public IEnumerable<ProcessView> Roots() => Detail!.Processes.Where(p => !Detail.Processes.Any(q => q.Pid == p.ParentPid && q.Pid != p.Pid));

    public IEnumerable<ProcessView> Children(ProcessView parent) => Detail!.Processes.Where(p => p.ParentPid == parent.Pid && p.Pid != parent.Pid);

    private static List<ChartPoint> Points(IEnumerable<CpuPoint> points) => points.Select(p => new ChartPoint(p.Time, p.Cpu)).ToList();

    private IActionResult After(TriageResult result, string done)
    {
        switch (result.Outcome)
        {
            case TriageOutcome.Done:
                Done = done + ".";
                return RedirectToPage(new { Id });
            case TriageOutcome.NotFound:
                return NotFound();
            case TriageOutcome.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            default:
                Refused = result.Message;
                return RedirectToPage(new { Id });
        }
    }
}
