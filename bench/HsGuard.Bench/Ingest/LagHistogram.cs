namespace HsGuard.Bench.Ingest;

/// <summary>
/// Acknowledgement lags, counted into buckets 4 % wide from 1 µs to over 100 s, written by every
/// host at once without a lock. Percentiles come from the difference of two snapshots, so that a
/// time window (the steady state, one report interval) has its own.
/// </summary>
internal sealed class LagHistogram
{
    private const double Growth = 1.04;
    private static readonly double Scale = 1 / Math.Log(Growth);
    private static readonly int BucketCount = (int)(Math.Log(200e6) * Scale) + 2;

    private readonly long[] _counts = new long[BucketCount];

    public void Record(TimeSpan lag)
    {
        double micros = Math.Max(1, lag.TotalMicroseconds);
        int bucket = Math.Min(BucketCount - 1, (int)(Math.Log(micros) * Scale));
        Interlocked.Increment(ref _counts[bucket]);
    }

    public long[] Snapshot()
    {
        var copy = new long[BucketCount];
        for (int i = 0; i < BucketCount; i++)
        {
            copy[i] = Volatile.Read(ref _counts[i]);
        }
        return copy;
    }

    /// <summary>The lag at quantile <paramref name="q"/> (0.5, 0.99, 1 for the largest) of what was
    /// recorded between <paramref name="before"/> and <paramref name="after"/>; null when nothing was.</summary>
    public static TimeSpan? Quantile(long[] before, long[] after, double q)
    {
        long total = 0;
        for (int i = 0; i < after.Length; i++)
        {
            total += after[i] - before[i];
        }
        if (total == 0)
        {
            return null;
        }
        long rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (int i = 0; i < after.Length; i++)
        {
            seen += after[i] - before[i];
            if (seen >= rank)
            {
                // The bucket's upper bound: a percentile is never reported lower than it was.
                return TimeSpan.FromMicroseconds(Math.Pow(Growth, i + 1));
            }
        }
        return null;
    }
}
