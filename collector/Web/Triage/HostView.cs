namespace HsGuard.Collector.Web.Triage;

/// <summary>A host the collector has heard from since it started.</summary>
/// <param name="Users">Its users with CPU now, busiest first (a member sees its own users only).</param>
public sealed record HostView(
    string Name,
    bool Connected,
    DateTimeOffset LastSeen,
    string AgentVersion,
    uint Cpus,
    int Processes,
    long SamplesApplied,
    int OpenIncidents,
    IReadOnlyList<HostUserView> Users);

/// <summary>A user of a host: its CPU now and its recent history (percent of one core).</summary>
public sealed record HostUserView(uint Uid, string User, string? Member, float Cpu, int Processes, long RssKb, DateTimeOffset LastSeen,
    IReadOnlyList<CpuPoint> History);
