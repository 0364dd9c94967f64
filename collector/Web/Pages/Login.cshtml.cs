using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HsGuard.Collector.Web.Pages;

/// <summary>The login form. It posts to POST /login (LoginEndpoints), which checks the form's
/// antiforgery token and the password, and comes back here with <c>failed=1</c> when wrong.</summary>
[AllowAnonymous]
internal sealed class LoginModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    /// <summary>"1" after a wrong name or password (a bool would not bind from "1").</summary>
    [BindProperty(SupportsGet = true, Name = "failed")]
    public string? FailedFlag { get; set; }

    public bool Failed => FailedFlag is "1" or "true";

    /// <summary>Whether someone is logged in already: sent here for a page the account may not see
    /// (no redirect back, which would loop), or here by hand.</summary>
    public bool LoggedIn => User.Identity?.IsAuthenticated == true;

    public void OnGet()
    {
        if (Failed)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }
}
