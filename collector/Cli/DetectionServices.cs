using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Ingest;

namespace HsGuard.Collector.Cli;

/// <summary>Detection without a server, for the commands that work on traces (replay, baseline
/// train): the services as the collector configures them.</summary>
internal static class DetectionServices
{
    public static ServiceProvider Build(FileInfo? config, Action<IHostApplicationBuilder> configureLogging, params KeyValuePair<string, string?>[] settings)
    {
        // Quiet by default: the command's output is its result.
        var builder = CollectorCommands.CreateBuilder(config, configureLogging, [new("Serilog:MinimumLevel:Default", "Warning"), .. settings]);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<CollectorOptions>().BindConfiguration(CollectorOptions.Section).ValidateDataAnnotations();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations();
        services.AddDetectionRules();
        services.AddCollectorDetection();
        var provider = services.BuildServiceProvider(validateScopes: true);
        Protocol.Hosting.ConfigurationErrors.ValidateNow(provider);
        return provider;
    }
}
