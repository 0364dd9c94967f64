using HsGuard.Collector.Ingest;

namespace HsGuard.Collector.Response;

public static class ResponseServiceCollectionExtensions
{
    /// <summary>The response policy, the command path to the agents and the evidence store.</summary>
    public static IServiceCollection AddCollectorResponse(this IServiceCollection services)
    {
        services.AddOptions<ResponseOptions>().BindConfiguration(ResponseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<ResponseService>();
        services.AddSingleton<IAgentMessageSink>(sp => sp.GetRequiredService<ResponseService>());
        services.AddHostedService(sp => sp.GetRequiredService<ResponseService>());
        return services;
    }
}
