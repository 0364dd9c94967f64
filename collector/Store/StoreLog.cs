namespace HsGuard.Collector.Store;

internal static partial class StoreLog
{
    [LoggerMessage(9101, LogLevel.Information, "Store ({Provider}): applied migration {Version}, {Description}")]
    public static partial void Migrated(ILogger logger, string provider, int version, string description);

    [LoggerMessage(9102, LogLevel.Information, "Store ({Provider}) at schema version {Version}; {Incidents} open incidents taken back")]
    public static partial void Ready(ILogger logger, string provider, int version, int incidents);

    [LoggerMessage(9103, LogLevel.Warning, "Store ({Provider}): the allow entries could not be read again; the ones in memory stay in force: {Error}")]
    public static partial void AllowRefreshFailed(ILogger logger, string provider, string error);
}
