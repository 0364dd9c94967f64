using System.CommandLine;
using HsGuard.Agent.Sampling;
using HsGuard.Agent.Streaming;
using HsGuard.Protocol.Hosting;
using HsGuard.Protocol.Traces;
using AgentMessage = HsGuard.Protocol.V1.AgentMessage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Cli;

/// <summary><c>record --seconds N --out FILE</c>: writes a trace, a hello and then one batch a
/// tick, built exactly as the stream builds them, so that a trace is what the collector would
/// have received.</summary>
internal static class RecordCommand
{
    public static Command Create(Option<FileInfo?> config, Action<HostApplicationBuilder> configureLogging)
    {
        var seconds = new Option<int>("--seconds")
        {
            Description = "How long to record.",
            Required = true,
        };
        seconds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--seconds must be at least 1");
            }
        });
        var output = new Option<FileInfo>("--out")
        {
            Description = "The trace file to write (JSON Lines); replaced if it exists.",
            Required = true,
        };
        var command = new Command("record", "Record this host's samples to a trace file, as they would be streamed.")
        {
            seconds, output,
        };
        command.SetAction((result, cancel) => ConfigurationErrors.Guard(async () =>
        {
            var builder = AgentCommands.CreateBuilder(result.GetValue(config), "Warning", configureLogging);
            using var host = builder.Build();
            var services = host.Services;
            var interval = services.GetRequiredService<IOptions<SamplerOptions>>().Value.Interval;
            var time = services.GetRequiredService<TimeProvider>();
            var sampler = services.GetRequiredService<ProcessSampler>();
            var batches = services.GetRequiredService<BatchBuilder>();
            var instance = services.GetRequiredService<AgentInstance>();

            var file = result.GetValue(output)!;
            await using var trace = new TraceWriter(file.FullName, append: false);
            await trace.WriteAsync(new AgentMessage { Hello = instance.CreateHello() }, cancel);
            var until = time.GetTimestamp() + (long)(result.GetValue(seconds) * (double)time.TimestampFrequency);
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                await trace.WriteAsync(new AgentMessage { Batch = batches.Build(sampler.Sample()) }, cancel);
            }
            while (time.GetTimestamp() < until && await timer.WaitForNextTickAsync(cancel));
            return 0;
        }));
        return command;
    }
}
