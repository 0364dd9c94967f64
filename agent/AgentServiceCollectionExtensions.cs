using HsGuard.Agent.Enforcement;
using HsGuard.Agent.Sampling;
using HsGuard.Agent.Streaming;
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
        services.AddOptions<CollectorConnectionOptions>()
            .BindConfiguration(CollectorConnectionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<StreamOptions>()
            .BindConfiguration(StreamOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AgentInstance>();
        services.AddSingleton<BatchBuilder>();
        return services;
    }

    /// <summary>The service proper: sample every tick and stream to the collector, and carry out
    /// its commands.</summary>
    public static IServiceCollection AddAgentStreaming(this IServiceCollection services)
    {
        services.AddAgentEnforcement();
        services.AddSingleton<BatchBuffer>();
        services.AddHostedService<SamplingService>();
        services.AddSingleton<CollectorStreamer>();
        services.AddHostedService(sp => sp.GetRequiredService<CollectorStreamer>());
        return services;
    }

    /// <summary>Commands from the collector (suspend, resume, kill) and the suspensions they start;
    /// the streamer hands commands in and sends results out.</summary>
    public static IServiceCollection AddAgentEnforcement(this IServiceCollection services)
    {
        services.AddOptions<EnforcementOptions>()
            .BindConfiguration(EnforcementOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<MessageOutbox>();
        services.AddSingleton<CommandInbox>();
        services.AddSingleton<Enforcer>();
        services.AddHostedService<EnforcementService>();
        return services;
    }
}
