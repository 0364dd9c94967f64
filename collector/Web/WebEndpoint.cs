using HsGuard.Collector.Hosting;
using HsGuard.Collector.Security;
using HsGuard.Collector.Web.Accounts;
using HsGuard.Collector.Web.Api;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Prometheus;

namespace HsGuard.Collector.Web;

/// <summary>
/// The web UI's, API's and metrics' own listener beside the agents' gRPC one, and the pipeline
/// that keeps them apart: an agent endpoint answers on the gRPC port only, everything else on the
/// web port only (by the port the connection came in on, not by a Host header a client chooses).
/// </summary>
public static class WebEndpoint
{
    /// <summary>Marks the agents' endpoints (gRPC stream, gRPC health).</summary>
    public sealed class AgentSurface
    {
        public static AgentSurface Instance { get; } = new();
    }

    /// <summary>Listens on <see cref="WebOptions.Listen"/> with HTTP/1.1 and HTTP/2; with
    /// <see cref="WebOptions.Https"/>, TLS with the collector's server certificate (no client
    /// certificate: people log in).</summary>
    public static void ListenWeb(this KestrelServerOptions kestrel)
    {
        var web = kestrel.ApplicationServices.GetRequiredService<IOptions<WebOptions>>().Value;
        if (!web.Enabled)
        {
            return;
        }
        kestrel.Listen(web.EndPoint, listen =>
        {
            if (web.Https)
            {
                // HTTP/2 or HTTP/1.1, as the client's TLS handshake (ALPN) chooses.
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(AgentTlsEndpoint.ServerCertificate(kestrel.ApplicationServices));
            }
            else
            {
                // Without TLS there is no ALPN, and Kestrel does not take HTTP/2 by prior knowledge
                // on an endpoint that also speaks HTTP/1.1: browsers and proxies speak HTTP/1.1 here.
                listen.Protocols = HttpProtocols.Http1;
            }
        });
    }

    /// <summary>After routing: the port gate, authentication, authorization and CSRF checks.</summary>
    public static void UseCollectorWeb(this WebApplication app)
    {
        int agentPort = app.Services.GetRequiredService<IOptions<GrpcEndpointOptions>>().Value.EndPoint.Port;
        app.Use((context, next) =>
        {
            bool agentSide = context.Connection.LocalPort == agentPort;
            bool agentEndpoint = context.GetEndpoint()?.Metadata.GetMetadata<AgentSurface>() is not null;
            if (agentSide != agentEndpoint)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
        app.Use((context, next) =>
        {
            if (ApiProblems.IsApi(context.Request))
            {
                // Incidents and accounts' data: kept by no cache, read as nothing but what it says.
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers.XContentTypeOptions = "nosniff";
            }
            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    /// <summary>Login and logout, the JSON API, /healthz and /metrics.</summary>
    public static void MapCollectorWeb(this WebApplication app)
    {
        LoginEndpoints.Map(app);
        ApiEndpoints.Map(app);
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorMetrics>().Registry).RequireAuthorization(Principals.MetricsPolicy);
    }
}
