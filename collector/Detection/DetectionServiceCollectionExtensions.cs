using HsGuard.Collector.Detection.Allow;
using HsGuard.Collector.Detection.Baseline;
using HsGuard.Collector.Detection.Incidents;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Detection;

public static class DetectionServiceCollectionExtensions
{
    /// <summary>Detection after ingest: the baseline, the incident book and the detector (the rules
    /// are registered by AddDetectionRules).</summary>
    public static IServiceCollection AddCollectorDetection(this IServiceCollection services)
    {
        services.AddOptions<DetectionOptions>().BindConfiguration(DetectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BaselineOptions>().BindConfiguration(BaselineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BaselineService>();
        services.AddSingleton<IBaselineScores>(sp => sp.GetRequiredService<BaselineService>());
        services.AddHostedService(sp => sp.GetRequiredService<BaselineService>());
        services.AddSingleton(sp => new IncidentBook(sp.GetRequiredService<IOptions<DetectionOptions>>().Value, sp.GetService<IIncidentJournal>()));
        services.AddSingleton<AllowList>();
        services.AddSingleton<Detector>();
        services.AddSingleton<Replayer>();
        return services;
    }
}
