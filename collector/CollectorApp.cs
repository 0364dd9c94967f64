using HsGuard.Collector.Hosting;
using HsGuard.Collector.Ingest;
using HsGuard.Collector.Security;
using HsGuard.Collector.Web;
using HsGuard.Collector.Web.Ui;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector;

/// <summary>The collector as a web application: Kestrel with the agents' gRPC endpoint and, on a
/// port of its own, the hostmasters' web UI, JSON API and metrics.</summary>
public static class CollectorApp
{
    /// <param name="builder">The builder, its configuration read.</param>
    /// <param name="overrides">Replaces services after the collector's own (a test's clock).</param>
    public static WebApplication Build(WebApplicationBuilder builder, Action<IServiceCollection>? overrides = null)
    {
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRouting();
        builder.Services.AddCollectorServices();
        builder.Services.AddCollectorWeb();
        builder.Services.AddWebUi();
        overrides?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var grpc = kestrel.ApplicationServices.GetRequiredService<IOptions<GrpcEndpointOptions>>().Value;
            kestrel.Listen(grpc.EndPoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (!grpc.PlaintextOnLoopback)
                {
                    listen.UseAgentTls(kestrel.ApplicationServices);
                }
            });
            kestrel.ListenWeb();
        });

        var app = builder.Build();
        app.UseRouting();
        app.UseCollectorWeb();
        // Agents are known by their client certificates (mutual TLS), not by a login.
        app.MapGrpcService<AgentStreamService>().AllowAnonymous().WithMetadata(WebEndpoint.AgentSurface.Instance);
        app.MapGrpcHealthChecksService().AllowAnonymous().WithMetadata(WebEndpoint.AgentSurface.Instance);
        app.MapCollectorWeb();
        app.MapWebUi();
        return app;
    }
}
