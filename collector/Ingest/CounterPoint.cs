using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Ingest;

/// <summary>A process's cumulative counters at one sample, to take rates over a window.</summary>
internal readonly record struct CounterPoint(long UnixMilliseconds, ulong IoChars, ulong IoBytes, ulong VoluntarySwitches, ulong InvoluntarySwitches)
{
    public CounterPoint(long unixMilliseconds, ProcessDetail detail)
        : this(unixMilliseconds, detail.ReadChars + detail.WriteChars, detail.ReadBytes + detail.WriteBytes,
            detail.VoluntaryCtxtSwitches, detail.NonvoluntaryCtxtSwitches)
    {
    }
}
