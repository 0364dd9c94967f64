using HsGuard.Collector.Web.Accounts;
using Microsoft.AspNetCore.Antiforgery;

namespace HsGuard.Collector.Web.Api;

/// <summary>
/// An act in a browser session must carry the session's CSRF token in X-CSRF-Token (from GET
/// /api/session): a cookie is sent by the browser on any site's request, the token only by our
/// pages. A request with an API token (Bearer) carries no cookie a foreign site could borrow, and
/// needs none.
/// </summary>
internal sealed class CsrfFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.AuthenticationType != TokenAuthenticationHandler.SchemeName)
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Missing or wrong CSRF token",
                    "a request of a browser session must carry the session's token in the X-CSRF-Token header (GET /api/session gives it)");
            }
        }
        return await next(context);
    }
}
