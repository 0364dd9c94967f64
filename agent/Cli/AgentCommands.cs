using System.CommandLine;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Hosting;

namespace HsGuard.Agent.Cli;

/// <summary>The agent's command line: <c>run</c> (the service), <c>snapshot</c>, <c>record</c>.</summary>
public static class AgentCommands
{
    /// <summary>Where a hoster's configuration lives; optional, embedded defaults apply without it.</summary>
    public const string DefaultConfigFile = "/etc/hsguard/agent.json";

    public static RootCommand Create(Action<HostApplicationBuilder> configureLogging)
    {
        var config = new Option<FileInfo?>("--config")
        {
            Description = $"Configuration file (JSON). Defaults to {DefaultConfigFile} when it exists.",
            Recursive = true,
        };
        var root = new RootCommand("HsGuard agent: samples this host's processes and acts on the collector's orders.")
        {
            config,
            RunCommand.Create(config, configureLogging),
            SnapshotCommand.Create(config, configureLogging),
            RecordCommand.Create(config, configureLogging),
        };
        return root;
    }

    /// <summary>Builds the host for a command, its configuration read as <see cref="HsGuardConfiguration"/> says.</summary>
    internal static HostApplicationBuilder CreateBuilder(FileInfo? configFile, string defaultLogLevel, Action<HostApplicationBuilder> configureLogging)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "hsguard-agent",
            ContentRootPath = AppContext.BaseDirectory,
        });
        HsGuardConfiguration.AddSources(builder.Configuration, DefaultConfigFile, configFile,
            [new("Serilog:MinimumLevel:Default", defaultLogLevel)]);
        configureLogging(builder);
        builder.Services.AddAgentServices();
        return builder;
    }
}
