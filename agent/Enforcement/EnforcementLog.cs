using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Enforcement;

internal static partial class EnforcementLog
{
    [LoggerMessage(7001, LogLevel.Information, "Command {CommandId}: {Kind} of pid {Pid} (start {StartTicks}), scope {Scope}, incident {IncidentId}, issued by {IssuedBy}")]
    public static partial void CommandReceived(ILogger logger, string commandId, string kind, int pid, ulong startTicks, string scope, long incidentId, string issuedBy);

    [LoggerMessage(7002, LogLevel.Information, "Command {CommandId} ({Kind}, incident {IncidentId}): {Status} {Reason} [{Method}] in {Elapsed}")]
    public static partial void CommandDone(ILogger logger, string commandId, string kind, long incidentId, string status, string reason, string method, TimeSpan elapsed);

    [LoggerMessage(7003, LogLevel.Warning, "Command {CommandId} ({Kind}, incident {IncidentId}) failed: {Reason}")]
    public static partial void CommandFailed(ILogger logger, string commandId, string kind, long incidentId, string reason);

    [LoggerMessage(7004, LogLevel.Information, "Command {CommandId} was carried out before; sending its result ({Status}) again")]
    public static partial void CommandRepeated(ILogger logger, string commandId, string status);

    [LoggerMessage(7005, LogLevel.Warning, "Suspension of incident {IncidentId}: {Reason}")]
    public static partial void SuspensionChanged(ILogger logger, long incidentId, string reason);

    [LoggerMessage(7006, LogLevel.Information, "Suspensions hold through the {Method}{Where}")]
    public static partial void MethodChosen(ILogger logger, string method, string where);

    [LoggerMessage(7007, LogLevel.Warning, "No cgroup freezer under {Root} ({Error}); suspensions hold through SIGSTOP, which a process of the same user can undo between two checks")]
    public static partial void NoFreezer(ILogger logger, string root, string error);

    [LoggerMessage(7008, LogLevel.Information, "Holding {Count} suspensions from before the agent started (incidents {Incidents})")]
    public static partial void Restored(ILogger logger, int count, string incidents);

    [LoggerMessage(7009, LogLevel.Warning, "Cannot save the suspensions to {File}: {Error}; they hold on, but an agent restart would forget those held by signals")]
    public static partial void StateNotSaved(ILogger logger, string file, string error);

    [LoggerMessage(7010, LogLevel.Warning, "Cannot read the suspensions from {File}: {Error}; starting without them")]
    public static partial void StateUnreadable(ILogger logger, string file, string error);

    [LoggerMessage(7011, LogLevel.Warning, "Cannot remove the cgroup {Directory}: errno {Errno}")]
    public static partial void CgroupNotRemoved(ILogger logger, string directory, int errno);

    [LoggerMessage(7012, LogLevel.Warning, "Refused command {CommandId}: {Pending} commands are waiting already")]
    public static partial void InboxFull(ILogger logger, string commandId, int pending);

    [LoggerMessage(7013, LogLevel.Information, "Evidence of pid {Pid} for incident {IncidentId}: {Exe} ({Size} bytes, SHA-256 {Sha256}, {Copied} bytes copied); {Missing} parts missing")]
    public static partial void EvidenceCaptured(ILogger logger, int pid, long incidentId, string exe, ulong size, string sha256, ulong copied, int missing);

    [LoggerMessage(7014, LogLevel.Error, "Re-asserting the suspension of incident {IncidentId} failed: {Error}")]
    public static partial void ReassertFailed(ILogger logger, long incidentId, string error);

    [LoggerMessage(7015, LogLevel.Error, "Capturing the evidence of pid {Pid} for incident {IncidentId} failed: {Error}")]
    public static partial void EvidenceFailed(ILogger logger, int pid, long incidentId, string error);
}
