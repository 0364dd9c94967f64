namespace HsGuard.Collector.Ingest;

/// <summary>One sample of a process: 12 bytes, so that minutes of history for tens of thousands
/// of busy processes stay small.</summary>
internal readonly record struct ProcessPoint(uint Code, float CpuPercent, int RssKb)
{
    public ProcessPoint(DateTimeOffset time, float cpuPercent, int rssKb)
        : this(TimeCode.From(time), cpuPercent, rssKb)
    {
    }

    public long UnixMilliseconds => TimeCode.ToUnixMilliseconds(Code);

    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(UnixMilliseconds);
}
