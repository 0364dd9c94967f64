using HsGuard.Collector.Web.Accounts;

namespace HsGuard.Collector.Web.Ui;

/// <summary>The server-rendered web UI: Razor Pages under Web/Pages, its style sheet built in.</summary>
public static class WebUiExtensions
{
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Web/Pages";
            // Nothing is readable without logging in; what a member may see is decided per page.
            options.Conventions.AuthorizeFolder("/", Principals.ReaderPolicy);
            options.Conventions.AllowAnonymousToPage("/Login");
            options.Conventions.ConfigureFilter(new SecurityHeadersFilter());
        });
        return services;
    }

    /// <summary>Maps the pages, /static/NAME and / (to the incidents). Call after authentication
    /// and authorization are in the pipeline.</summary>
    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        endpoints.MapGet("/static/{name}", EmbeddedAssets.Serve).AllowAnonymous();
        endpoints.MapGet("/", () => Results.Redirect("/incidents")).AllowAnonymous();
        return endpoints;
    }
}
