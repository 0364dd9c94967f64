namespace HsGuard.Collector.Detection.Baseline;

/// <summary>
/// Which of the users' windows training looks at, when there are more than it may take: as many from
/// each user as the bound allows (a user with fewer gives all its own, the others share what is
/// left), and each user's spread over its day, one random window from each equal stretch of it, so
/// that the nightly cron job and the busy afternoon are both in.
/// </summary>
internal static class TrainingSample
{
    /// <summary>How many windows of each user to take so that they add up to at most
    /// <paramref name="bound"/>: all of them when they fit; otherwise the same share of each
    /// user that has more than it, the rows left over handed one each to users spread evenly.</summary>
    public static int[] Shares(IReadOnlyList<int> counts, long bound)
    {
        var shares = new int[counts.Count];
        long total = 0;
        for (int u = 0; u < counts.Count; u++)
        {
            total += shares[u] = counts[u];
        }
        if (total <= bound)
        {
            return shares;
        }
        // The largest share that fits: sum of min(count, share) <= bound.
        int low = 0, high = counts.Max();
        while (low < high)
        {
            int mid = (int)(((long)low + high + 1) / 2);
            if (Taken(counts, mid) <= bound)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        long left = bound - Taken(counts, low);
        int more = counts.Count(c => c > low);
        int seen = 0;
        for (int u = 0; u < counts.Count; u++)
        {
            shares[u] = Math.Min(counts[u], low);
            if (counts[u] > low)
            {
                // One extra for users seen + 1 where the running total of left / more steps up.
                shares[u] += (int)((((seen + 1) * left) / more) - ((seen * left) / more));
                seen++;
            }
        }
        return shares;
    }

    /// <summary><paramref name="take"/> indices of <paramref name="count"/>, ascending: one drawn
    /// from each of <paramref name="take"/> equal stretches (every index when take is count).</summary>
    public static IEnumerable<int> Spread(int count, int take, Random random)
    {
        for (int j = 0; j < take; j++)
        {
            int from = (int)((long)j * count / take);
            int to = (int)((long)(j + 1) * count / take);
            yield return from + random.Next(to - from);
        }
    }

    private static long Taken(IReadOnlyList<int> counts, int share)
    {
        long taken = 0;
        foreach (int c in counts)
        {
            taken += Math.Min(c, share);
        }
        return taken;
    }
}
