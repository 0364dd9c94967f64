using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using HsGuard.Collector.Web.Api;

namespace HsGuard.Collector.Web.Accounts;

/// <summary>
/// Logging in and out of a browser session. POST /login takes a form (name, password, returnUrl)
/// with the CSRF token of the login page (form field __RequestVerificationToken or the X-CSRF-Token
/// header): a foreign site cannot log a browser in under an account of its choosing. GET
/// /api/session says who is logged in and gives the token the session's acts must carry.
/// </summary>
internal static class LoginEndpoints
{
    public static void Map(WebApplication app)
    {
        // Order -1: before a page at /login (the web UI's form), whatever its methods.
        app.MapPost("/login", LoginAsync).AllowAnonymous().WithOrder(-1).DisableAntiforgery();
        app.MapPost("/logout", LogoutAsync).AllowAnonymous().WithOrder(-1).DisableAntiforgery();
        app.MapGet("/api/session", Session).AllowAnonymous();
    }

    private static async Task<IResult> LoginAsync(HttpContext http, AccountStore accounts, IAntiforgery antiforgery, LoginThrottle throttle,
        ILoggerFactory logs)
    {
        bool json = WantsJson(http.Request);
        if (!http.Request.HasFormContentType)
        {
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "log in with a form (application/x-www-form-urlencoded: name, password, returnUrl); scripts use API tokens");
        }
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Missing or wrong CSRF token",
                "the login form must carry the login page's token (__RequestVerificationToken); reload the page");
        }
        var address = http.Connection.RemoteIpAddress;
        if (throttle.Refused(address) is { } wait)
        {
            string seconds = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers.RetryAfter = seconds;
            return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many failed logins",
                $"{LoginThrottle.MaxFailures} failed logins from this address within {LoginThrottle.Window.TotalMinutes:0} minutes: try again in {seconds} s");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        string name = form["name"].ToString().Trim();
        string password = form["password"].ToString();
        string returnUrl = LocalOrRoot(form["returnUrl"].ToString());
        var log = logs.CreateLogger("HsGuard.Collector.Web.Accounts.Login");
        string remote = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var account = name.Length == 0 ? null : accounts.CheckPassword(name, password);
        if (account is null)
        {
            AccountLog.LoginFailed(log, name, remote);
            throttle.Failed(address);
            return json
                ? ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Login failed", "wrong name or password")
                : Results.Redirect("/login?failed=1&returnUrl=" + Uri.EscapeDataString(returnUrl));
        }
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            Principals.Of(account, CookieAuthenticationDefaults.AuthenticationScheme), new AuthenticationProperties { IsPersistent = false });
        AccountLog.LoggedIn(log, account.Name, remote);
        throttle.Succeeded(address);
        return json ? TypedResults.Ok(new { account.Name, Role = account.Role.ToString().ToLowerInvariant(), account.Member }) : Results.Redirect(returnUrl);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Missing or wrong CSRF token",
                "logging out must carry the session's token (__RequestVerificationToken or X-CSRF-Token)");
        }
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return WantsJson(http.Request) ? Results.NoContent() : Results.Redirect("/login");
    }

    /// <summary>Who is logged in (if anyone), and the CSRF token for this session's forms and acts.</summary>
    private static IResult Session(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var user = http.User;
        bool authenticated = user.Identity?.IsAuthenticated == true;
        return TypedResults.Ok(new SessionView(authenticated, authenticated ? user.Identity!.Name : null,
            authenticated ? user.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value : null,
            authenticated ? user.FindFirst(Principals.MemberClaim)?.Value : null, tokens.RequestToken!, tokens.HeaderName ?? "X-CSRF-Token"));
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase)
        && !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>Only a path of this site: an open redirect would lend a phishing page our login.</summary>
    private static string LocalOrRoot(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";

    private sealed record SessionView(bool Authenticated, string? Name, string? Role, string? Member, string CsrfToken, string CsrfHeader);
}
