using HsGuard.Collector.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace HsGuard.Collector.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Accounts, logins (a session cookie for the browser, tokens for scripts), CSRF
    /// protection and the authorization policies of the web UI and API.</summary>
    public static IServiceCollection AddCollectorWeb(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccountStore>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = "HsGuard";
                options.DefaultChallengeScheme = "HsGuard";
            })
            // A request with a bearer token is a script's; any other, the browser's session.
            .AddPolicyScheme("HsGuard", "session or token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "hsguard";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/login";
                // The API answers 401/403, it does not redirect to a page.
                o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<WebOptions>>((cookie, web) => cookie.ExpireTimeSpan = web.Value.SessionIdleTimeout);
        services.AddAuthorizationBuilder()
            .AddPolicy(Principals.HostmasterPolicy, p => p.RequireAuthenticatedUser().RequireRole("hostmaster"))
            .AddPolicy(Principals.ReaderPolicy, p => p.RequireAuthenticatedUser());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "hsguard-csrf";
            o.HeaderName = "X-CSRF-Token";
        });
        return services;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
