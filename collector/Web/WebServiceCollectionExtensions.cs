using HsGuard.Collector.Hosting;
using HsGuard.Collector.Web.Accounts;
using HsGuard.Collector.Web.Api;
using HsGuard.Collector.Web.Triage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Accounts, logins (a session cookie for the browser, tokens for scripts), CSRF
    /// protection, the authorization policies, and the triage layer the web UI, the API and the
    /// command line share.</summary>
    public static IServiceCollection AddCollectorWeb(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccountStore>();
        services.AddHostedService<AccountsService>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<TriageQueries>();
        services.AddSingleton<TriageActions>();
        services.AddSingleton<CollectorMetrics>();
        // Session cookies and CSRF tokens stay valid across a restart: the keys live in the state
        // directory (mode 0700 there), not in root's home.
        services.AddDataProtection().SetApplicationName("hsguard-collector");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<CollectorOptions>>((keys, collector) =>
            keys.XmlRepository = new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(
                WebKeys.Directory(collector.Value.StateDirectory), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
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
                // The API answers 401/403 with a problem, it does not redirect to a page.
                o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<WebOptions>>((cookie, web) => cookie.ExpireTimeSpan = web.Value.SessionIdleTimeout);
        services.AddAuthorizationBuilder()
            .AddPolicy(Principals.HostmasterPolicy, p => p.RequireAuthenticatedUser().RequireRole("hostmaster"))
            .AddPolicy(Principals.ReaderPolicy, p => p.RequireAuthenticatedUser())
            .AddPolicy(Principals.MetricsPolicy, p => p.RequireAuthenticatedUser().RequireRole("hostmaster", "monitor"))
            // Nothing is readable without logging in: an endpoint that says nothing needs a login
            // (the login itself, /healthz and the agents' endpoint say AllowAnonymous).
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "hsguard-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "X-CSRF-Token";
        });
        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (ApiProblems.IsApi(context.Request))
        {
            return ApiProblems.WriteDeniedAsync(context.HttpContext, status);
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
