using HsGuard.Collector.Detection.Allow;
using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Store;

/// <summary>Before anything else starts: the schema migrated, the open incidents and the allow
/// entries taken back.</summary>
internal sealed class StoreService : IHostedLifecycleService
{
    private readonly IncidentStore _store;
    private readonly IncidentBook _incidents;
    private readonly AllowList _allowed;
    private readonly ILogger<StoreService> _log;

    public StoreService(IncidentStore store, IncidentBook incidents, AllowList allowed, ILogger<StoreService> log)
    {
        _allowed = allowed;
        _store = store;
        _incidents = incidents;
        _log = log;
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        int version = _store.Migrate();
        var open = _store.LoadOpen();
        _incidents.Restore(open);
        _allowed.Load(_store.AllowEntries());
        StoreLog.Ready(_log, _store.Provider.ToString(), version, open.Count);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
