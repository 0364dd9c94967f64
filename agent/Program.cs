using System.CommandLine;
using HsGuard.Agent.Cli;
using Serilog;
using Serilog.Events;

// Logs go to standard error so that standard output stays the command's result (a table, JSON).
Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Warning()
    .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
    .CreateBootstrapLogger();
try
{
    return await AgentCommands.Create(builder => builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)))
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
