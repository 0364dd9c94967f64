namespace HsGuard.Collector.Ingest;

internal static partial class IngestLog
{
    [LoggerMessage(2001, LogLevel.Information, "Agent {Host} connected (agent {Version}, instance {Instance}, resuming after batch {LastSeq}, state known: {StateKnown})")]
    public static partial void Connected(ILogger logger, string host, string version, string instance, ulong lastSeq, bool stateKnown);

    [LoggerMessage(2002, LogLevel.Information, "Agent {Host} disconnected after {Batches} batches")]
    public static partial void Disconnected(ILogger logger, string host, long batches);

    [LoggerMessage(2003, LogLevel.Warning, "Agent stream from {Peer} (host {Host}) ended: {Reason}")]
    public static partial void Violation(ILogger logger, string peer, string host, string reason);

    [LoggerMessage(2004, LogLevel.Warning, "Agent {Host} dropped {Dropped} batches (its buffer was full); a keyframe follows")]
    public static partial void AgentDropped(ILogger logger, string host, ulong dropped);

    [LoggerMessage(2005, LogLevel.Information, "Agent {Host} reconnected; its previous call is closed")]
    public static partial void Superseded(ILogger logger, string host);

    [LoggerMessage(2006, LogLevel.Warning, "Refused agent {Peer}: certificate is for host {CertificateHost} but its hello says {HelloHost}")]
    public static partial void HostMismatch(ILogger logger, string peer, string certificateHost, string helloHost);

    [LoggerMessage(2007, LogLevel.Error, "Cannot record the stream of {Host} to {Path}")]
    public static partial void RecordFailed(ILogger logger, Exception exception, string host, string path);
}
