using System.CommandLine;
using HsGuard.Protocol.Hosting;

namespace HsGuard.Collector.Cli;

/// <summary>The collector's command line.</summary>
public static class CollectorCommands
{
    /// <summary>Where a hoster's configuration lives; optional, embedded defaults apply without it.</summary>
    public const string DefaultConfigFile = "/etc/hsguard/collector.json";

    public static RootCommand Create(Action<IHostApplicationBuilder> configureLogging)
    {
        var config = new Option<FileInfo?>("--config")
        {
            Description = $"Configuration file (JSON). Defaults to {DefaultConfigFile} when it exists.",
            Recursive = true,
        };
        var root = new RootCommand("HsGuard collector: receives the agents' streams, detects miners, acts and tells.")
        {
            config,
            RunCommand.Create(config, configureLogging),
            CaCommand.Create(config, configureLogging),
            RulesCommand.Create(config, configureLogging),
            ReplayCommand.Create(config, configureLogging),
            BaselineCommand.Create(config, configureLogging),
            NotificationsCommand.Create(config, configureLogging),
            MembersCommand.Create(config, configureLogging),
            AccountCommand.Create(config, configureLogging),
        };
        foreach (var command in Triage.TriageCommands.Create())
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    /// <summary>A web application builder whose configuration is read as <see cref="HsGuardConfiguration"/> says.</summary>
    internal static WebApplicationBuilder CreateBuilder(FileInfo? configFile, Action<IHostApplicationBuilder> configureLogging,
        params KeyValuePair<string, string?>[] defaults)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "hsguard-collector",
            ContentRootPath = AppContext.BaseDirectory,
        });
        HsGuardConfiguration.AddSources(builder.Configuration, DefaultConfigFile, configFile,
            [new("Serilog:MinimumLevel:Default", "Information"), new("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Warning"),
                // "No XML encryptor configured": the web UI's signing keys are kept unencrypted on
                // purpose, in STATE/web-keys (0700), like the CA's key in STATE/pki.
                new("Serilog:MinimumLevel:Override:Microsoft.AspNetCore.DataProtection", "Error"), .. defaults]);
        configureLogging(builder);
        return builder;
    }
}
