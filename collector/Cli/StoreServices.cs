using HsGuard.Collector.Hosting;
using HsGuard.Collector.Members;
using HsGuard.Collector.Store;

namespace HsGuard.Collector.Cli;

/// <summary>The store and the member directory without a server, for the commands that read them
/// (members, notifications list): as the collector configures them, the schema migrated.</summary>
internal static class StoreServices
{
    public static ServiceProvider Build(FileInfo? config, Action<IHostApplicationBuilder> configureLogging)
    {
        // Quiet by default: the command's output is its result.
        var builder = CollectorCommands.CreateBuilder(config, configureLogging, [new("Serilog:MinimumLevel:Default", "Warning")]);
        var services = builder.Services;
        services.AddOptions<CollectorOptions>().BindConfiguration(CollectorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MembersOptions>().BindConfiguration(MembersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IncidentStore>();
        services.AddSingleton<MemberDirectory>();
        var provider = services.BuildServiceProvider(validateScopes: true);
        Protocol.Hosting.ConfigurationErrors.ValidateNow(provider);
        provider.GetRequiredService<IncidentStore>().Migrate();
        return provider;
    }
}
