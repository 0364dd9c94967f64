namespace HsGuard.Collector.Ingest;

/// <summary>One sample of a user's totals on a host.</summary>
internal readonly record struct UserPoint(long UnixMilliseconds, float CpuPercent, int Processes, long RssKb)
{
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(UnixMilliseconds);
}
