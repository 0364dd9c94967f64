namespace HsGuard.Collector.Notifications;

/// <summary>When a failed notice is tried again: the wait doubles with each failure from the
/// minimum up to the maximum, spread by ±20 % so that notices that failed together (an SMTP
/// outage) do not all come back in the same second.</summary>
internal static class Backoff
{
    /// <param name="failures">How many tries failed so far (1 after the first).</param>
    /// <param name="random">A number in [0, 1).</param>
    public static TimeSpan Delay(long failures, TimeSpan min, TimeSpan max, double random)
    {
        double doubled = min.Ticks * Math.Pow(2, Math.Clamp(failures - 1, 0, 40));
        double spread = Math.Min(doubled, max.Ticks) * (0.8 + (0.4 * random));
        return TimeSpan.FromTicks((long)Math.Min(spread, max.Ticks));
    }
}
