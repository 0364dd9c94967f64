namespace HsGuard.Collector.Ingest;

/// <summary>
/// A point in time as a long (UTC ticks), 0 standing for none: 8 bytes where a
/// <see cref="DateTimeOffset"/>? takes 24, for fields of records the collector holds by the
/// hundred thousand. Round-trips exactly; the offset is not kept (batch times are UTC).
/// </summary>
internal static class Instant
{
    public static long Of(DateTimeOffset time) => time.UtcTicks;

    public static long Of(DateTimeOffset? time) => time?.UtcTicks ?? 0;

    public static DateTimeOffset? ToTime(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
