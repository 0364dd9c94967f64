namespace HsGuard.Collector.Web.Triage;

internal static partial class TriageLog
{
    [LoggerMessage(9501, LogLevel.Information, "{Kind} of incident {Incident} ordered by {By}")]
    public static partial void Ordered(ILogger logger, string kind, long incident, string by);

    [LoggerMessage(9502, LogLevel.Warning, "Incident {Incident} judged a false positive by {By}: allow entry {Entry}, {What}")]
    public static partial void FalsePositive(ILogger logger, long incident, string by, long entry, string what);

    [LoggerMessage(9503, LogLevel.Warning, "Allow entry {Entry} revoked by {By}: {What} is flagged again")]
    public static partial void AllowRevoked(ILogger logger, long entry, string by, string what);

    [LoggerMessage(9504, LogLevel.Information, "Incident {Incident}: {Count} member notices sent again, ordered by {By}")]
    public static partial void NotifiedAgain(ILogger logger, long incident, string by, int count);

    [LoggerMessage(9505, LogLevel.Information, "Incident {Incident} closed by {By}")]
    public static partial void Closed(ILogger logger, long incident, string by);
}
