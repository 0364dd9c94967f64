using HsGuard.Agent.Sampling;
using Microsoft.Extensions.DependencyInjection;

namespace HsGuard.Agent;

public static class AgentServiceCollectionExtensions
{
    /// <summary>The agent's services, with options bound and validated at start: a wrong value
    /// stops the agent with a message that names the key.</summary>
    public static IServiceCollection AddAgentServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<SamplerOptions>()
            .BindConfiguration(SamplerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ProcessSampler>();
        return services;
    }
}
