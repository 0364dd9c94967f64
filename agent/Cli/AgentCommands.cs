using System.CommandLine;
using HsGuard.Agent.Sampling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HsGuard.Agent.Cli;

/// <summary>The agent's command line: <c>snapshot</c> now; <c>run</c> and <c>record</c> join with
/// the stream to the collector.</summary>
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
            SnapshotCommand.Create(config, configureLogging),
        };
        return root;
    }

    /// <summary>Builds the host for a command: embedded defaults, then the configuration file,
    /// then HSGUARD_* environment variables (HSGUARD_Agent__Sampler__Interval=00:00:02).</summary>
    internal static HostApplicationBuilder CreateBuilder(FileInfo? configFile, string defaultLogLevel, Action<HostApplicationBuilder> configureLogging)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "hsguard-agent",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = defaultLogLevel,
        });
        if (configFile is not null)
        {
            if (!configFile.Exists)
            {
                throw new FileNotFoundException($"configuration file '{configFile.FullName}' does not exist");
            }
            builder.Configuration.AddJsonFile(configFile.FullName, optional: false, reloadOnChange: false);
        }
        else
        {
            builder.Configuration.AddJsonFile(DefaultConfigFile, optional: true, reloadOnChange: false);
        }
        builder.Configuration.AddEnvironmentVariables("HSGUARD_");
        configureLogging(builder);
        builder.Services.AddAgentServices();
        return builder;
    }
}
