namespace HsGuard.Collector.Ingest;

/// <summary>
/// Times of history points in 32 bits: tenths of a second since 2020-01-01 (to 2033 and beyond
/// 13 years of range). A point holds one tick of at least 100 ms; half the size of a long
/// millisecond time, for the millions of points a fleet's history holds.
/// </summary>
internal static class TimeCode
{
    internal const long EpochMilliseconds = 1_577_836_800_000; // 2020-01-01T00:00:00Z

    public static uint From(DateTimeOffset time) => From(time.ToUnixTimeMilliseconds());

    public static uint From(long unixMilliseconds) =>
        (uint)Math.Clamp((unixMilliseconds - EpochMilliseconds) / 100, 0, uint.MaxValue);

    public static long ToUnixMilliseconds(uint code) => EpochMilliseconds + (code * 100L);
}
