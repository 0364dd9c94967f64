namespace HsGuard.Collector.Web.Triage;

/// <summary>A process of an incident's tree: as the evidence saw it, and as it is now when it still runs.</summary>
/// <param name="Running">Whether the host's table holds it now.</param>
/// <param name="Offender">The process the most weight fired on.</param>
/// <param name="Cpu">Its CPU over the window (the evidence's points and the live history, merged).</param>
public sealed record ProcessView(
    int Pid,
    ulong StartTicks,
    int ParentPid,
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
    bool Running,
    bool Offender,
    IReadOnlyList<CpuPoint> Cpu,
    IReadOnlyList<string> Connections);
