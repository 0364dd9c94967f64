using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Ingest;

namespace HsGuard.Collector.Store;

public static class StoreServiceCollectionExtensions
{
    /// <summary>The store (SQLite or PostgreSQL), the incident book's journal, migrated and read at start.</summary>
    public static IServiceCollection AddCollectorStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IncidentStore>();
        services.AddSingleton<IIncidentJournal>(sp => sp.GetRequiredService<IncidentStore>());
        services.AddSingleton<IHostJournal>(sp => sp.GetRequiredService<IncidentStore>());
        services.AddHostedService<StoreService>();
        services.AddHostedService<AllowRefreshService>();
        return services;
    }
}
