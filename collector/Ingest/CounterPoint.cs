using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Ingest;

/// <summary>A process's cumulative counters at one sample, to take rates over a window: per second
/// of the clock, and per second of CPU the process used (what it does with the CPU it gets,
/// whatever share of a core a loaded machine leaves it).</summary>
internal readonly record struct CounterPoint(uint Code, ulong IoChars, ulong IoBytes, ulong VoluntarySwitches, ulong InvoluntarySwitches, ulong CpuTicks)
{
    public CounterPoint(DateTimeOffset time, ProcessDetail detail, ulong cpuTicks)
        : this(TimeCode.From(time), detail.ReadChars + detail.WriteChars, detail.ReadBytes + detail.WriteBytes,
            detail.VoluntaryCtxtSwitches, detail.NonvoluntaryCtxtSwitches, cpuTicks)
    {
    }

    public long UnixMilliseconds => TimeCode.ToUnixMilliseconds(Code);
}
