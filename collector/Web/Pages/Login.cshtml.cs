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

    [BindProperty(SupportsGet = true, Name = "failed")]
    public bool Failed { get; set; }

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated == true && !Failed)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/incidents");
        }
        if (Failed)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        return Page();
    }
}
