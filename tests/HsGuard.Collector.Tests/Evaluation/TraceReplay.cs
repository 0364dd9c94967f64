using HsGuard.Collector.Cli;
using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>A trace through the collector's detection in process, with the shipped rules and the
/// services built as <c>hsguard-collector replay</c> builds them.</summary>
internal static class TraceReplay
{
    public static async Task<IReadOnlyList<Incident>> RunAsync(string trace, CancellationToken cancel)
    {
        await using var services = DetectionServices.Build(null, _ => { },
            new KeyValuePair<string, string?>($"{RulesOptions.Section}:Paths:0", RepositoryPaths.Combine("rules")));
        var rules = services.GetRequiredService<RulesService>();
        await rules.StartAsync(cancel);
        try
        {
            services.GetRequiredService<Replayer>().Run([trace], cancel);
            return services.GetRequiredService<IncidentBook>().All;
        }
        finally
        {
            await rules.StopAsync(CancellationToken.None);
        }
    }
}
