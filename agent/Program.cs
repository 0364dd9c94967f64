using System.CommandLine;
using HsGuard.Agent.Cli;
using HsGuard.Protocol.Logging;
using Microsoft.Extensions.Hosting;
using Serilog;

Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Warning()
    .WriteTo.StandardError()
    .CreateBootstrapLogger();
try
{
    return await AgentCommands.Create(builder =>
        {
            // Readiness and stopping as a Type=notify unit; does nothing outside systemd.
            builder.Services.AddSystemd();
            builder.Services.AddSerilog((services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .WriteTo.StandardError());
        })
        .Parse(args)
        // SIGTERM and Ctrl-C cancel the command; a service stops gracefully within this time.
        .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(25) });
}
catch (Exception ex)
{
    Log.Fatal(ex, "hsguard-agent stopped on an unexpected error");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
