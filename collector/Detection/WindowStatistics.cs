using HsGuard.Collector.Ingest;

namespace HsGuard.Collector.Detection;

/// <summary>Facts over the detection window, from a process's history; no allocation.</summary>
internal static class WindowStatistics
{
    private const int MinimumSamplesForVariation = 10;

    /// <summary>Mean CPU of the samples in the window, their coefficient of variation (NaN with too
    /// few samples or a zero mean), and the seconds the samples span.</summary>
    public static (double Mean, double Variation, double Seconds) Cpu(History<ProcessPoint> history, DateTimeOffset now, TimeSpan window)
    {
        long from = (now - window).ToUnixTimeMilliseconds();
        int n = 0;
        double sum = 0, sumSquares = 0;
        long first = long.MaxValue, last = long.MinValue;
        for (int i = history.Count - 1; i >= 0; i--)
        {
            var point = history[i];
            if (point.UnixMilliseconds < from)
            {
                break;
            }
            n++;
            sum += point.CpuPercent;
            sumSquares += (double)point.CpuPercent * point.CpuPercent;
            first = Math.Min(first, point.UnixMilliseconds);
            last = Math.Max(last, point.UnixMilliseconds);
        }
        if (n == 0)
        {
            return (0, double.NaN, 0);
        }
        double mean = sum / n;
        double variance = Math.Max(0, (sumSquares / n) - (mean * mean));
        double variation = n >= MinimumSamplesForVariation && mean > 0 ? Math.Sqrt(variance) / mean : double.NaN;
        return (mean, variation, (last - first) / 1000.0);
    }

    /// <summary>Rates between the oldest and the newest counters in the window, a second of the
    /// clock and a second of CPU (<paramref name="ticksPerSecond"/> CPU ticks); NaN when there are
    /// fewer than two, and per CPU second when no CPU was used between them.</summary>
    public static CounterRates Rates(History<CounterPoint>? counters, CounterPoint? latest, DateTimeOffset now, TimeSpan window, uint ticksPerSecond)
    {
        if (counters is null || counters.Count == 0 || latest is not { } newest)
        {
            return CounterRates.None;
        }
        long from = (now - window).ToUnixTimeMilliseconds();
        var oldest = newest;
        for (int i = counters.Count - 1; i >= 0 && counters[i].UnixMilliseconds >= from; i--)
        {
            oldest = counters[i];
        }
        double seconds = (newest.UnixMilliseconds - oldest.UnixMilliseconds) / 1000.0;
        if (seconds <= 0)
        {
            return CounterRates.None;
        }
        double cpuSeconds = newest.CpuTicks > oldest.CpuTicks ? (newest.CpuTicks - oldest.CpuTicks) / (double)Math.Max(1, ticksPerSecond) : 0;
        return new CounterRates(
            Rate(oldest.VoluntarySwitches, newest.VoluntarySwitches, seconds),
            Rate(oldest.InvoluntarySwitches, newest.InvoluntarySwitches, seconds),
            Rate(oldest.IoBytes, newest.IoBytes, seconds),
            Rate(oldest.IoChars, newest.IoChars, seconds),
            cpuSeconds > 0 ? Rate(oldest.VoluntarySwitches, newest.VoluntarySwitches, cpuSeconds) : double.NaN,
            cpuSeconds > 0 ? Rate(oldest.IoBytes, newest.IoBytes, cpuSeconds) : double.NaN,
            cpuSeconds > 0 ? Rate(oldest.IoChars, newest.IoChars, cpuSeconds) : double.NaN);
    }

    private static double Rate(ulong from, ulong to, double seconds) => to >= from ? (to - from) / seconds : 0;
}
