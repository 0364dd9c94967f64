using HsGuard.Collector.Web.Triage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HsGuard.Collector.Web.Pages;

/// <summary>The hosts heard from: connected or not, when last seen, and each user's CPU now with
/// its last minute as a sparkline (a member sees the hosts where it has users, and only those).</summary>
internal sealed class HostsModel(TriageQueries queries, TimeProvider time) : PageModel
{
    public IReadOnlyList<HostView> Hosts { get; private set; } = [];

    public DateTimeOffset Now { get; } = time.GetUtcNow();

    public void OnGet() => Hosts = queries.Hosts(Viewer.Of(User));
}
