namespace HsGuard.Collector.Response;

/// <summary>At most N events per key within a sliding window (and N over all keys).</summary>
internal sealed class RateLimiter
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<DateTimeOffset> _all = new();

    /// <summary>Takes one slot for <paramref name="key"/> if both limits allow; says which one refused otherwise.</summary>
    public string? TryTake(string key, DateTimeOffset now, TimeSpan window, int perKey, int total)
    {
        if (!_byKey.TryGetValue(key, out var times))
        {
            _byKey[key] = times = new Queue<DateTimeOffset>();
        }
        Expire(times, now, window);
        Expire(_all, now, window);
        if (times.Count >= perKey)
        {
            return $"the host has had {times.Count} automatic actions within {window} (limit {perKey})";
        }
        if (_all.Count >= total)
        {
            return $"all hosts have had {_all.Count} automatic actions within {window} (limit {total})";
        }
        times.Enqueue(now);
        _all.Enqueue(now);
        return null;
    }

    private static void Expire(Queue<DateTimeOffset> times, DateTimeOffset now, TimeSpan window)
    {
        while (times.TryPeek(out var oldest) && now - oldest >= window)
        {
            times.Dequeue();
        }
    }
}
