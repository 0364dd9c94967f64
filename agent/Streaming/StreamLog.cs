using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Streaming;

internal static partial class StreamLog
{
    [LoggerMessage(3001, LogLevel.Warning, "Dropped the {Dropped} oldest unacknowledged batches ({Total} since start): the buffer's bound of {MaxBytes} bytes or {MaxAge} was reached while the collector was away")]
    public static partial void BufferDropped(ILogger logger, int dropped, long total, long maxBytes, TimeSpan maxAge);

    [LoggerMessage(3002, LogLevel.Information, "Connected to the collector at {Address} (collector {Version}); it has applied up to batch {LastSeq}, state known: {StateKnown}; resending {Pending} batches")]
    public static partial void Connected(ILogger logger, string address, string version, ulong lastSeq, bool stateKnown, int pending);

    [LoggerMessage(3003, LogLevel.Warning, "Connection to the collector at {Address} failed or ended: {Reason}; retrying in {Delay}")]
    public static partial void ConnectionFailed(ILogger logger, string address, string reason, TimeSpan delay);

    [LoggerMessage(3004, LogLevel.Information, "Streaming to {Address} as host {Host}, instance {Instance}")]
    public static partial void Starting(ILogger logger, string address, string host, string instance);

    [LoggerMessage(3005, LogLevel.Warning, "Dropped the {Dropped} oldest command results or evidence chunks waiting for the collector ({Total} since start): the bound of {MaxBytes} bytes was reached")]
    public static partial void OutboxDropped(ILogger logger, int dropped, long total, long maxBytes);
}
