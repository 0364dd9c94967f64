using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Sampling;

internal static partial class SamplerLog
{
    [LoggerMessage(1001, LogLevel.Warning, "Skipped process {Pid}: its stat file could not be parsed ({Length} bytes)")]
    public static partial void MalformedStat(ILogger logger, int pid, int length);

    [LoggerMessage(1002, LogLevel.Warning, "Open-file limit reached at {Processes} processes; further processes are read by path, which costs more")]
    public static partial void FileLimitReached(ILogger logger, int processes);

    [LoggerMessage(1003, LogLevel.Information, "Sampling {Root}: open-file limit {Limit}, {Hz} clock ticks a second, keeping files open: {Keep}")]
    public static partial void Started(ILogger logger, string root, long limit, long hz, bool keep);

    [LoggerMessage(1004, LogLevel.Warning, "Cannot read {File} under {Root}; {Consequence}")]
    public static partial void SystemFileUnreadable(ILogger logger, string file, string root, string consequence);
}
