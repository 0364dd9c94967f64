using Dapper;
using HsGuard.Collector.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HsGuard.Collector.Web;

/// <summary>Healthy while the store answers a query: without it no incident is kept (it reports to
/// /healthz and to the agents' gRPC health service alike).</summary>
internal sealed class StoreHealthCheck(IncidentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = store.Open();
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy($"{store.Provider} answers");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy($"{store.Provider} does not answer: {e.Message}");
        }
    }
}
