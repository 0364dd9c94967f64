using System.CommandLine;
using HsGuard.Protocol.Hosting;

namespace HsGuard.Collector.Cli;

/// <summary><c>run</c>: the collector service, until stopped (SIGTERM, Ctrl-C); with
/// <c>--local-agent</c> also this machine's agent, connected to it.</summary>
internal static class RunCommand
{
    public static Command Create(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var localAgent = new Option<bool>("--local-agent")
        {
            Description = "Also run this machine's agent, connected over mutual TLS on loopback (a single-machine HsGuard).",
        };
        var command = new Command("run", "Run the collector: receive the agents' streams.") { localAgent };
        command.SetAction((result, cancel) => ConfigurationErrors.Guard(async () =>
        {
            var builder = CollectorCommands.CreateBuilder(result.GetValue(config), configureLogging);
            await using var app = CollectorApp.Build(builder);
            ConfigurationErrors.ValidateNow(app.Services);
            using var agent = result.GetValue(localAgent) ? LocalAgent.Build(app, builder.Configuration, configureLogging) : null;
            await app.StartAsync(cancel);
            try
            {
                if (agent is not null)
                {
                    await agent.StartAsync(cancel);
                }
                await app.WaitForShutdownAsync(cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
            }
            finally
            {
                // The local agent first, so that its stream has ended when the collector stops.
                if (agent is not null)
                {
                    await agent.StopAsync(CancellationToken.None);
                }
                await app.StopAsync(CancellationToken.None);
            }
            return Environment.ExitCode;
        }));
        return command;
    }
}
