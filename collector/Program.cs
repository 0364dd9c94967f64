using System.CommandLine;
using HsGuard.Collector.Cli;
using HsGuard.Protocol.Logging;
using Serilog;

Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Information()
    .WriteTo.StandardError()
    .CreateBootstrapLogger();
try
{
    return await CollectorCommands.Create(builder =>
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
    Log.Fatal(ex, "hsguard-collector stopped on an unexpected error");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
