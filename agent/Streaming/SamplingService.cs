using HsGuard.Agent.Sampling;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Streaming;

/// <summary>Samples every tick and queues the batch for the collector. Never waits on the
/// network: a slow or absent collector only fills the bounded buffer.</summary>
internal sealed class SamplingService : SupervisedService
{
    private readonly ProcessSampler _sampler;
    private readonly BatchBuilder _builder;
    private readonly BatchBuffer _buffer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;

    public SamplingService(ProcessSampler sampler, BatchBuilder builder, BatchBuffer buffer, TimeProvider time,
        IOptions<SamplerOptions> options, IHostApplicationLifetime lifetime, ILogger<SamplingService> log)
        : base(lifetime, log)
    {
        _sampler = sampler;
        _builder = builder;
        _buffer = buffer;
        _time = time;
        _interval = options.Value.Interval;
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        do
        {
            _buffer.Add(_builder.Build(_sampler.Sample()));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
