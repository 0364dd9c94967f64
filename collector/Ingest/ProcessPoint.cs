namespace HsGuard.Collector.Ingest;

/// <summary>One sample of a process: 16 bytes, so that minutes of history for thousands of busy
/// processes stay small.</summary>
internal readonly record struct ProcessPoint(long UnixMilliseconds, float CpuPercent, int RssKb)
{
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(UnixMilliseconds);
}
