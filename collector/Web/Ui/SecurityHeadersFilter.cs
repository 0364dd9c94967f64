using Microsoft.AspNetCore.Mvc.Filters;

namespace HsGuard.Collector.Web.Ui;

/// <summary>
/// Headers on every page: a content security policy that allows only the collector's own style
/// sheet and no script at all (the UI has none, so an injected one would not run), no framing
/// (clickjacking of the action buttons), no referrer leaving the site, and no caching of pages
/// that show evidence.
/// </summary>
internal sealed class SecurityHeadersFilter : IPageFilter
{
    public const string Policy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
