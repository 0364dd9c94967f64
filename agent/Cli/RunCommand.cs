using System.CommandLine;
using HsGuard.Agent.Streaming;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Cli;

/// <summary><c>run</c>: the agent service: sample every tick and stream to the collector, until
/// stopped (SIGTERM, Ctrl-C).</summary>
internal static class RunCommand
{
    public static Command Create(Option<FileInfo?> config, Action<HostApplicationBuilder> configureLogging)
    {
        var command = new Command("run", "Run the agent: sample this host every tick and stream to the collector.");
        command.SetAction((result, cancel) => ConfigurationErrors.Guard(async () =>
        {
            var builder = AgentCommands.CreateBuilder(result.GetValue(config), "Information", configureLogging);
            builder.Services.AddAgentStreaming();
            using var host = builder.Build();
            ConfigurationErrors.ValidateNow(host.Services);
            // The certificate files are read now, so that a missing one stops the start with a
            // message that names it, instead of a failing stream later.
            var connection = host.Services.GetRequiredService<IOptions<CollectorConnectionOptions>>().Value;
            CollectorChannelFactory.Create(connection, NullLogger.Instance).Dispose();
            await host.RunAsync(cancel);
            return Environment.ExitCode;
        }));
        return command;
    }
}
