namespace HsGuard.Collector.Ingest;

/// <summary>One sample of a user's totals on a host: 16 bytes.</summary>
internal readonly record struct UserPoint(uint Code, float CpuPercent, int Processes, uint RssMb)
{
    public UserPoint(DateTimeOffset time, float cpuPercent, int processes, ulong rssKb)
        : this(TimeCode.From(time), cpuPercent, processes, (uint)Math.Min(rssKb / 1024, uint.MaxValue))
    {
    }

    public long UnixMilliseconds => TimeCode.ToUnixMilliseconds(Code);

    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(UnixMilliseconds);
}
