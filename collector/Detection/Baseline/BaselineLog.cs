namespace HsGuard.Collector.Detection.Baseline;

internal static partial class BaselineLog
{
    [LoggerMessage(6001, LogLevel.Information, "Trained baseline {Version} on {Users} users and {Windows} minutes; saved to {Path}")]
    public static partial void Trained(ILogger logger, string version, int users, int windows, string path);

    [LoggerMessage(6002, LogLevel.Information, "Not training the baseline yet: no user has {MinWindows} minutes of history")]
    public static partial void TooLittle(ILogger logger, int minWindows);

    [LoggerMessage(6003, LogLevel.Information, "Using baseline {Version} ({Users} users) from {Path}")]
    public static partial void Loaded(ILogger logger, string version, int users, string path);

    [LoggerMessage(6004, LogLevel.Warning, "Skipped baseline file {Path}: {Reason}")]
    public static partial void Unreadable(ILogger logger, string path, string reason);
}
