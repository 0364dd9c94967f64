using Microsoft.Extensions.Logging;

namespace HsGuard.Protocol.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(9001, LogLevel.Critical, "{Service} failed; stopping so that the service manager restarts it")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string service);
}
