using HsGuard.Agent.Native;

namespace HsGuard.Agent.Sampling;

/// <summary>
/// uid → login name through NSS, asked once per uid. A uid with no name is shown as its number,
/// and asked again after <see cref="RetryAfter"/> (a member's user may be created while we run).
/// </summary>
public sealed class UserNameCache
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);

    private readonly Dictionary<uint, (string Name, bool Known, long AskedAt)> _names = [];
    private readonly Func<uint, string?> _lookup;
    private readonly TimeProvider _time;

    public UserNameCache(TimeProvider time)
        : this(Posix.UserName, time)
    {
    }

    internal UserNameCache(Func<uint, string?> lookup, TimeProvider time)
    {
        _lookup = lookup;
        _time = time;
    }

    public string Get(uint uid)
    {
        if (_names.TryGetValue(uid, out var entry)
            && (entry.Known || _time.GetElapsedTime(entry.AskedAt) < RetryAfter))
        {
            return entry.Name;
        }
        string? name = _lookup(uid);
        entry = (name ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture), name is not null, _time.GetTimestamp());
        _names[uid] = entry;
        return entry.Name;
    }
}
