using System.Collections.Concurrent;
using System.Net;

namespace HsGuard.Collector.Web.Accounts;

/// <summary>
/// Failed logins per client address: after <see cref="MaxFailures"/> within <see cref="Window"/>,
/// that address is refused without a password check until its window has passed. A password check
/// costs PBKDF2's 210,000 rounds (about 0.1 s of a core), so this also keeps a guesser from
/// burning the collector's CPU. A successful login clears the address's count.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    // Bounded: a flood from many addresses cannot grow it without end; the oldest windows go first.
    private const int MaxAddresses = 10_000;

    private readonly ConcurrentDictionary<IPAddress, (int Failures, DateTimeOffset Since)> _failures = new();

    /// <summary>How long until the address may try again, if it is refused now.</summary>
    public TimeSpan? Refused(IPAddress? address)
    {
        if (address is null || !_failures.TryGetValue(address, out var entry))
        {
            return null;
        }
        var left = entry.Since + Window - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            _failures.TryRemove(new KeyValuePair<IPAddress, (int, DateTimeOffset)>(address, entry));
            return null;
        }
        return entry.Failures >= MaxFailures ? left : null;
    }

    public void Failed(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxAddresses)
        {
            foreach (var old in _failures.Where(f => f.Value.Since + Window <= now).Select(f => f.Key).ToList())
            {
                _failures.TryRemove(old, out _);
            }
        }
        _failures.AddOrUpdate(address, _ => (1, now), (_, e) => e.Since + Window <= now ? (1, now) : (e.Failures + 1, e.Since));
    }

    public void Succeeded(IPAddress? address)
    {
        if (address is not null)
        {
            _failures.TryRemove(address, out _);
        }
    }
}
