using HsGuard.Agent.Sampling;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// The enforcer's one loop: carries out each command from the <see cref="CommandInbox"/> as it
/// comes, and re-asserts every suspension at the sampler's cadence
/// (<see cref="SamplerOptions.Interval"/>), with its own timer so that sampling never waits for
/// enforcement nor the other way round. While signals hold a suspension, its members are looked
/// at every <see cref="EnforcementOptions.SignalRecheckInterval"/> in between. Commands and ticks
/// share the loop, so the enforcer needs no lock. It runs whether or not the collector is there:
/// suspensions hold on, and results wait in the outbox.
/// </summary>
internal sealed class EnforcementService : SupervisedService
{
    private readonly Enforcer _enforcer;
    private readonly CommandInbox _inbox;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _recheck;

    public EnforcementService(Enforcer enforcer, CommandInbox inbox, IOptions<EnforcementOptions> options, IOptions<SamplerOptions> sampler,
        TimeProvider time, IHostApplicationLifetime lifetime, ILogger<EnforcementService> log)
        : base(lifetime, log)
    {
        _enforcer = enforcer;
        _inbox = inbox;
        _time = time;
        _interval = sampler.Value.Interval;
        _recheck = options.Value.SignalRecheckInterval < _interval ? options.Value.SignalRecheckInterval : _interval;
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        _enforcer.Restore();
        using var timer = new PeriodicTimer(_interval, _time);
        long lastTick = _time.GetTimestamp();
        Task<bool>? tick = null;
        Task<bool>? command = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Fast only while it is needed: an idle agent wakes once a tick.
            var period = _enforcer.NeedsRecheck ? _recheck : _interval;
            if (timer.Period != period)
            {
                timer.Period = period;
            }
            tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
            command ??= _inbox.Reader.WaitToReadAsync(stoppingToken).AsTask();
            await Task.WhenAny(tick, command);
            if (command.IsCompleted)
            {
                if (!await command)
                {
                    return;
                }
                command = null;
                while (_inbox.Reader.TryRead(out var next))
                {
                    await _enforcer.ExecuteAsync(next, stoppingToken);
                }
            }
            if (tick.IsCompleted)
            {
                if (!await tick)
                {
                    return;
                }
                tick = null;
                if (_time.GetElapsedTime(lastTick) >= _interval - _recheck / 2)
                {
                    lastTick = _time.GetTimestamp();
                    _enforcer.Reassert();
                }
                else
                {
                    _enforcer.Recheck();
                }
            }
        }
    }
}
