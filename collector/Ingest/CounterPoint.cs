using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Ingest;

/// <summary>A process's cumulative counters at one sample, to take rates over a window.</summary>
internal readonly record struct CounterPoint(uint Code, ulong IoChars, ulong IoBytes, ulong VoluntarySwitches, ulong InvoluntarySwitches)
{
    public CounterPoint(DateTimeOffset time, ProcessDetail detail)
        : this(TimeCode.From(time), detail.ReadChars + detail.WriteChars, detail.ReadBytes + detail.WriteBytes,
            detail.VoluntaryCtxtSwitches, detail.NonvoluntaryCtxtSwitches)
    {
    }

    public long UnixMilliseconds => TimeCode.ToUnixMilliseconds(Code);
}
