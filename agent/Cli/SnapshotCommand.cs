using System.CommandLine;
using HsGuard.Agent.Sampling;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Cli;

/// <summary><c>snapshot</c>: a top-like view of this host measured over one tick, as a table or
/// as JSON; with <c>--watch</c> it repeats every tick.</summary>
internal static class SnapshotCommand
{
    public static Command Create(Option<FileInfo?> config, Action<HostApplicationBuilder> configureLogging)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object (processes, users) instead of a table." };
        var top = new Option<int>("--top")
        {
            Description = "Busiest processes shown per user in the table.",
            DefaultValueFactory = _ => 5,
        };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--top must be at least 1");
            }
        });
        var watch = new Option<bool>("--watch") { Description = "Repeat every tick until interrupted (table only)." };
        var command = new Command("snapshot", "Show this host's users and their busiest processes, measured over one tick.")
        {
            json, top, watch,
        };
        command.SetAction((result, cancel) => ConfigurationErrors.Guard(async () =>
        {
            var builder = AgentCommands.CreateBuilder(result.GetValue(config), "Warning", configureLogging);
            using var host = builder.Build();
            var options = host.Services.GetRequiredService<IOptions<SamplerOptions>>().Value;
            var time = host.Services.GetRequiredService<TimeProvider>();
            var sampler = host.Services.GetRequiredService<ProcessSampler>();
            var output = Console.Out;
            string hostName = Environment.MachineName;

            sampler.Sample();
            using var timer = new PeriodicTimer(options.Interval, time);
            try
            {
                do
                {
                    if (!await timer.WaitForNextTickAsync(cancel))
                    {
                        break;
                    }
                    var frame = sampler.Sample();
                    if (result.GetValue(json))
                    {
                        SnapshotJsonWriter.Write(Console.OpenStandardOutput(), hostName, frame);
                        return 0;
                    }
                    if (result.GetValue(watch) && !Console.IsOutputRedirected)
                    {
                        output.Write("\u001b[H\u001b[2J");
                    }
                    SnapshotTableWriter.Write(output, hostName, frame, result.GetValue(top));
                    output.Flush();
                }
                while (result.GetValue(watch));
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
            }
            return 0;
        }));
        return command;
    }
}
