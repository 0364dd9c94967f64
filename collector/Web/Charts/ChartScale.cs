namespace HsGuard.Collector.Web.Charts;

/// <summary>Round steps for a chart's axes, so that ticks fall on values and times people read.</summary>
internal static class ChartScale
{
    private static readonly TimeSpan[] TimeSteps =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6),
        TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(7),
    ];

    /// <summary>The top of the value axis and its step: at least 100 (one core busy), else the
    /// highest value rounded up to a step of 1, 2, 2.5 or 5 times a power of ten, with at most
    /// <paramref name="maxTicks"/> steps.</summary>
    public static (double Top, double Step) Values(double highest, int maxTicks = 5)
    {
        double top = double.IsFinite(highest) ? Math.Max(100, highest) : 100;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(top / maxTicks)));
        foreach (double factor in (ReadOnlySpan<double>)[1, 2, 2.5, 5, 10])
        {
            double step = factor * magnitude;
            if (Math.Ceiling(top / step) <= maxTicks)
            {
                return (Math.Ceiling(top / step) * step, step);
            }
        }
        return (top, top);
    }

    /// <summary>The smallest round time step that puts at most <paramref name="maxTicks"/> ticks
    /// on <paramref name="span"/>.</summary>
    public static TimeSpan Time(TimeSpan span, int maxTicks = 6)
    {
        foreach (var step in TimeSteps)
        {
            if (span / step <= maxTicks)
            {
                return step;
            }
        }
        return TimeSteps[^1];
    }

    /// <summary>The first multiple of <paramref name="step"/> (counted from the Unix epoch, so in
    /// UTC) at or after <paramref name="from"/>.</summary>
    public static DateTimeOffset FirstTick(DateTimeOffset from, TimeSpan step)
    {
        long ticks = from.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long first = (ticks + step.Ticks - 1) / step.Ticks * step.Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(first);
    }
}
