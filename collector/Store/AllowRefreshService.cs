using System.Data.Common;
using HsGuard.Collector.Detection.Allow;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Store;

/// <summary>Reads the allow entries again every <see cref="StoreOptions.AllowRefreshInterval"/>:
/// an entry another collector on the same database added or revoked holds here too. A read that
/// fails (the database away for a moment) keeps the entries in memory and is tried again.</summary>
internal sealed class AllowRefreshService : SupervisedService
{
    private readonly IncidentStore _store;
    private readonly AllowList _allowed;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<AllowRefreshService> _log;

    public AllowRefreshService(IncidentStore store, AllowList allowed, IOptions<StoreOptions> options, TimeProvider time,
        IHostApplicationLifetime lifetime, ILogger<AllowRefreshService> log)
        : base(lifetime, log)
    {
        _store = store;
        _allowed = allowed;
        _interval = options.Value.AllowRefreshInterval;
        _time = time;
        _log = log;
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            long version = _allowed.Version;
            try
            {
                _allowed.LoadIfUnchanged(version, _store.AllowEntries());
            }
            catch (DbException e)
            {
                StoreLog.AllowRefreshFailed(_log, _store.Provider.ToString(), e.Message);
            }
        }
    }
}
