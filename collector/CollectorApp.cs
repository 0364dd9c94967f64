using HsGuard.Collector.Hosting;
using HsGuard.Collector.Ingest;
using HsGuard.Collector.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector;

/// <summary>The collector as a web application: Kestrel with the agents' gRPC endpoint.</summary>
public static class CollectorApp
{
    /// <param name="builder">The builder, its configuration read.</param>
    /// <param name="overrides">Replaces services after the collector's own (a test's clock).</param>
    public static WebApplication Build(WebApplicationBuilder builder, Action<IServiceCollection>? overrides = null)
    {
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRouting();
        builder.Services.AddCollectorServices();
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
        });

        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<AgentStreamService>();
        app.MapGrpcHealthChecksService();
        return app;
    }
}
