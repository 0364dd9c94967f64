using Grpc.AspNetCore.Server;
using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Ingest;
using HsGuard.Collector.Notifications;
using HsGuard.Collector.Response;
using HsGuard.Collector.Store;
using HsGuard.Collector.Security;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector;

public static class CollectorServiceCollectionExtensions
{
    /// <summary>The collector's services, with options bound and validated at start: a wrong value
    /// stops the collector with a message that names the key.</summary>
    public static IServiceCollection AddCollectorServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<CollectorOptions>().BindConfiguration(CollectorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GrpcEndpointOptions>().BindConfiguration(GrpcEndpointOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddCollectorSecurity();

        services.AddGrpc();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<GrpcEndpointOptions>>((grpc, endpoint) =>
        {
            grpc.MaxReceiveMessageSize = endpoint.Value.MaxMessageBytes;
            grpc.EnableDetailedErrors = false;
        });
        services.AddGrpcHealthChecks();
        services.AddSingleton<HostRegistry>();
        services.AddDetectionRules();
        services.AddCollectorStore();
        services.AddCollectorDetection();
        services.AddCollectorResponse();
        services.AddCollectorNotifications();
        return services;
    }
}
