using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HsGuard.Protocol.Hosting;

/// <summary>
/// A background loop that is owned: an unexpected fault is logged as critical, sets a failing exit
/// code and stops the host, so that systemd restarts the service instead of it running on half
/// alive (as YARP's BackgroundHostedService does).
/// </summary>
public abstract class SupervisedService : BackgroundService
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _log;

    protected SupervisedService(IHostApplicationLifetime lifetime, ILogger log)
    {
        _lifetime = lifetime;
        _log = log;
    }

    protected abstract Task RunAsync(CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            HostingLog.LoopFailed(_log, e, GetType().Name);
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
        }
    }
}
