using System.Collections.Concurrent;
using HsGuard.Collector.Ingest;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Detection.Baseline;

/// <summary>
/// Turns each host's stream into one feature window a minute for each of its users, and keeps the
/// last <see cref="BaselineOptions.HistoryWindows"/> of them, compact, for training. Called by
/// detection under the host's lock, so a user's current minute has one writer; training reads the
/// history under the user's own lock.
/// </summary>
internal sealed class BaselineWindows : IWindowSource
{
    private readonly ConcurrentDictionary<UserKey, UserWindows> _users = new();
    private readonly BaselineOptions _options;
    // Sessions of different hosts observe at the same time: one scratch table per thread.
    [ThreadStatic]
    private static Dictionary<uint, int>? t_busy;

    public BaselineWindows(BaselineOptions options)
    {
        _options = options;
    }

    /// <summary>Takes one applied batch; returns the minutes it completed.</summary>
    public List<(UserKey User, FeatureWindow Window)> Observe(HostState host, Batch batch, DateTimeOffset time)
    {
        var completed = new List<(UserKey, FeatureWindow)>();
        var minute = new DateTimeOffset(time.Ticks - (time.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var busy = t_busy ??= [];
        busy.Clear();
        foreach (var p in host.Live)
        {
            if (p.CpuPercent >= ProcessRecord.BusyCpuPercent)
            {
                busy[p.Uid] = busy.GetValueOrDefault(p.Uid) + 1;
            }
        }
        bool newMinute = false;
        foreach (var u in batch.Users)
        {
            var key = new UserKey(host.Host, u.Uid);
            if (User(key) is not { } user)
            {
                continue;
            }
            lock (user)
            {
                if (user.Current.Start != minute)
                {
                    if (!user.Current.IsEmpty)
                    {
                        var window = user.Current.Finish();
                        user.Past.Add(window);
                        completed.Add((key, window));
                    }
                    user.Current.Begin(minute);
                    newMinute = true;
                }
                user.Current.AddSample(u.CpuPercent, (int)u.Processes, busy.GetValueOrDefault(u.Uid));
            }
        }
        if (newMinute)
        {
            // Every executable in use counts for the minute it begins, not only those started in it.
            foreach (var p in host.Live)
            {
                if (p.Exe.Length > 0 && _users.TryGetValue(new UserKey(host.Host, p.Uid), out var user))
                {
                    lock (user)
                    {
                        user.Current.AddExecutable(p.Exe);
                    }
                }
            }
        }
        if (!batch.Keyframe)
        {
            foreach (var s in batch.Started)
            {
                if (s.HasUid && _users.TryGetValue(new UserKey(host.Host, s.Uid), out var user))
                {
                    lock (user)
                    {
                        user.Current.AddNewProcess();
                        if (s.HasExe && s.Exe.Length > 0)
                        {
                            user.Current.AddExecutable(s.Exe);
                        }
                    }
                }
            }
        }
        return completed;
    }

    /// <summary>Keeps a window finished elsewhere (a benchmark's or a test's); false when the user
    /// would be one more than <see cref="BaselineOptions.MaxUsers"/>.</summary>
    public bool Add(UserKey key, FeatureWindow window)
    {
        if (User(key) is not { } user)
        {
            return false;
        }
        lock (user)
        {
            user.Past.Add(window);
        }
        return true;
    }

    public void Read(Action<UserKey, IReadOnlyList<FeatureWindow>> read)
    {
        foreach (var (key, user) in _users)
        {
            lock (user)
            {
                read(key, user.Past);
            }
        }
    }

    private UserWindows? User(UserKey key)
    {
        if (_users.TryGetValue(key, out var user))
        {
            return user;
        }
        return _users.Count >= _options.MaxUsers ? null : _users.GetOrAdd(key, _ => new UserWindows(_options.HistoryWindows));
    }

    private sealed class UserWindows(int history)
    {
        public WindowAccumulator Current { get; } = new();

        public WindowHistory Past { get; } = new(history);
    }
}
