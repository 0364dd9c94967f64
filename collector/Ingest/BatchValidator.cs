using Grpc.Core;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Ingest;

/// <summary>
/// Checks what an agent sends before any of it is applied, so that a malformed batch changes
/// nothing. The limits are far above what a real host produces (a comm is at most 64 bytes, a path
/// at most 4 KiB) and there only to keep a rogue client from filling the collector.
/// </summary>
internal static class BatchValidator
{
    public const int MaxHostLength = 253;
    public const int MaxShortText = 256;
    public const int MaxPath = 4096;
    public const int MaxCommandLine = 64 * 1024;

    public static void ValidateHello(Hello hello)
    {
        if (!HsGuard.Protocol.Hosting.HostNames.IsValid(hello.Host))
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, $"hello: host '{Clip(hello.Host)}' is not a host name");
        }
        if (string.IsNullOrEmpty(hello.InstanceId) || hello.InstanceId.Length > 64)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, "hello: instance_id must be 1 to 64 characters");
        }
        if (hello.AgentVersion.Length > MaxShortText || hello.BootId.Length > MaxShortText)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, "hello: agent_version or boot_id too long");
        }
        if (hello.ClockTicksPerSecond == 0)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, "hello: clock_ticks_per_second must be set");
        }
    }

    public static void ValidateBatch(Batch batch, int maxProcesses)
    {
        if (batch.Seq == 0)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, "batch: seq must start at 1");
        }
        if (batch.Time is null)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, $"batch {batch.Seq}: time is missing");
        }
        if (!double.IsFinite(batch.IntervalSeconds) || batch.IntervalSeconds < 0 || batch.IntervalSeconds > 86400)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, $"batch {batch.Seq}: interval_seconds {batch.IntervalSeconds} is out of range");
        }
        if (batch.Started.Count + batch.Updated.Count > maxProcesses || batch.Exited.Count > maxProcesses || batch.Users.Count > maxProcesses)
        {
            throw new ProtocolViolation(StatusCode.ResourceExhausted, $"batch {batch.Seq}: more processes than the limit of {maxProcesses}");
        }
        foreach (var p in batch.Started)
        {
            ValidateProcess(batch.Seq, p, started: true);
        }
        foreach (var p in batch.Updated)
        {
            ValidateProcess(batch.Seq, p, started: false);
        }
        foreach (var k in batch.Exited)
        {
            if (k.Pid <= 0)
            {
                throw new ProtocolViolation(StatusCode.InvalidArgument, $"batch {batch.Seq}: exited pid {k.Pid} is not a pid");
            }
        }
        foreach (var u in batch.Users)
        {
            if (u.User.Length > MaxShortText || !float.IsFinite(u.CpuPercent) || u.CpuPercent < 0)
            {
                throw new ProtocolViolation(StatusCode.InvalidArgument, $"batch {batch.Seq}: user {u.Uid} is malformed");
            }
        }
    }

    private static void ValidateProcess(ulong seq, ProcessSample p, bool started)
    {
        string where = $"batch {seq}: process {p.Pid}";
        if (p.Pid <= 0)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, $"{where}: pid must be positive");
        }
        if (started && !(p.HasComm && p.HasUid && p.HasPpid))
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, $"{where}: a started process needs at least comm, uid and ppid");
        }
        if ((p.HasComm && p.Comm.Length > MaxShortText) || (p.HasUser && p.User.Length > MaxShortText)
            || (p.HasExe && p.Exe.Length > MaxPath) || (p.HasCmdline && p.Cmdline.Length > MaxCommandLine)
            || (p.HasState && p.State.Length > 4))
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, $"{where}: a text field is longer than allowed");
        }
        if (p.HasCpuPercent && (!float.IsFinite(p.CpuPercent) || p.CpuPercent < 0 || p.CpuPercent > 100 * 4096))
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, $"{where}: cpu_percent {p.CpuPercent} is out of range");
        }
    }

    private static string Clip(string s) => s.Length <= 64 ? s : s[..64] + "…";
    public static void ValidateResult(CommandResult result)
    {
        if (string.IsNullOrEmpty(result.CommandId) || result.CommandId.Length > 64 || result.Reason.Length > MaxPath
            || result.Processes.Count > 100_000 || result.Method.Length > MaxShortText)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, "command result: malformed (id, reason, method or processes out of bounds)");
        }
    }

    public static void ValidateEvidence(EvidenceBundle bundle)
    {
        if (string.IsNullOrEmpty(bundle.CommandId) || bundle.CommandId.Length > 64 || bundle.Process is null
            || bundle.Exe.Length > MaxPath || bundle.Cmdline.Length > MaxCommandLine || bundle.Crontab.Length > MaxCommandLine
            || bundle.Environment.Count > 10_000 || bundle.OpenFiles.Count > 100_000 || bundle.Ancestors.Count > 1_000)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, "evidence: malformed (id, process or a field out of bounds)");
        }
    }
}
