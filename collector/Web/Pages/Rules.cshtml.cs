using HsGuard.Collector.Web.Accounts;
using HsGuard.Collector.Web.Triage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HsGuard.Collector.Web.Pages;

/// <summary>The rules in force, the file and line each comes from, and how often each fired since
/// the collector started. Hostmasters only.</summary>
[Authorize(Policy = Principals.HostmasterPolicy)]
internal sealed class RulesModel(TriageQueries queries) : PageModel
{
    public RulesView Rules { get; private set; } = null!;

    public void OnGet() => Rules = queries.Rules();
}
