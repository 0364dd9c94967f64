namespace HsGuard.Collector.Detection.Incidents;

/// <summary>A process of an incident's tree as it was when the evidence was taken.</summary>
public sealed record EvidenceProcess(
    int Pid,
    ulong StartTicks,
    int ParentPid,
    uint Uid,
    string User,
    string Comm,
    string Exe,
    bool ExeDeleted,
    string CommandLine,
    string State,
    float CpuPercent,
    uint Threads,
    ulong RssKb,
    DateTimeOffset FirstSeen,
    DateTimeOffset? ExitedAt,
    IReadOnlyList<EvidencePoint> Cpu,
    IReadOnlyList<EvidenceConnection> Connections);

/// <summary>One sample of a CPU history: when, percent of one core.</summary>
public readonly record struct EvidencePoint(DateTimeOffset Time, float CpuPercent);

/// <summary>A TCP connection of a process.</summary>
public sealed record EvidenceConnection(string LocalAddress, uint LocalPort, string RemoteAddress, uint RemotePort, string State);
