namespace HsGuard.Collector.Response;

internal static partial class ResponseLog
{
    [LoggerMessage(8001, LogLevel.Warning, "Incident {Incident} on {Host} ({User}): verdict {Verdict} (score {Score}); decision: {Decision}, {Reason}")]
    public static partial void Decision(ILogger logger, long incident, string host, string user, string verdict, int score, string decision, string reason);

    [LoggerMessage(8002, LogLevel.Information, "Sent {Kind} {Command} to {Host} for incident {Incident} (pid {Pid}, ordered by {By})")]
    public static partial void CommandSent(ILogger logger, string command, string kind, string host, long incident, int pid, string by);

    [LoggerMessage(8003, LogLevel.Warning, "{Kind} {Command} for incident {Incident} waits: {Host} is not connected")]
    public static partial void CommandPending(ILogger logger, string command, string kind, string host, long incident);

    [LoggerMessage(8004, LogLevel.Warning, "{Kind} {Command} for incident {Incident} expired: {Host} did not connect in time")]
    public static partial void CommandExpired(ILogger logger, string command, string kind, string host, long incident);

    [LoggerMessage(8005, LogLevel.Information, "{Host} answered {Kind} {Command} (incident {Incident}): {Status} {Reason} {Method}")]
    public static partial void Result(ILogger logger, string command, string kind, string host, long incident, string status, string reason, string method);

    [LoggerMessage(8006, LogLevel.Warning, "{Host} sent a result or evidence for unknown command {Command}; ignored")]
    public static partial void UnknownCommand(ILogger logger, string host, string command);

    [LoggerMessage(8007, LogLevel.Information, "Evidence for incident {Incident} from {Host}: pid {Pid}, executable SHA-256 {Sha256}, kept in {Directory}")]
    public static partial void Evidence(ILogger logger, long incident, string host, int pid, string sha256, string directory);

    [LoggerMessage(8008, LogLevel.Information, "Executable copy for incident {Incident}: {Bytes} bytes, SHA-256 verified: {Verified}")]
    public static partial void EvidenceCopy(ILogger logger, long incident, long bytes, bool verified);
}
