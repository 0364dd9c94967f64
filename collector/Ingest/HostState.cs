using Grpc.Core;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Ingest;

/// <summary>
/// One host's live process table, its users and their short histories, and where its stream
/// stands (agent instance, last applied batch). Written by the host's one session; readers take
/// <see cref="Gate"/>.
/// </summary>
internal sealed class HostState
{
    private static readonly TimeSpan TrimEvery = TimeSpan.FromMinutes(1);
    private readonly IngestOptions _options;
    private readonly Dictionary<(int Pid, ulong StartTicks), ProcessRecord> _live = [];
    private readonly Dictionary<int, ProcessRecord> _byPid = [];
    // One copy of each name, path and command line per host: a pool's workers share them.
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Queue<ProcessRecord> _exited = new();
    private readonly Dictionary<uint, UserRecord> _users = [];
    private List<ProcessRecord> _busy = [];
    private List<ProcessRecord> _busyNext = [];
    private DateTimeOffset _trimmedAt;

    public HostState(string host, IngestOptions options)
    {
        Host = host;
        _options = options;
    }

    public string Host { get; }

    /// <summary>Readers lock this; the session applies batches under it.</summary>
    public object Gate { get; } = new();

    public string? InstanceId { get; private set; }

    public string BootId { get; private set; } = "";

    public string AgentVersion { get; private set; } = "";

    public DateTimeOffset BootTime { get; private set; }

    public uint ClockTicksPerSecond { get; private set; } = 100;

    public uint CpuCount { get; private set; }

    /// <summary>The last batch applied for <see cref="InstanceId"/>; 0 before the first.</summary>
    public ulong LastSeq { get; private set; }

    public bool Connected { get; set; }

    public DateTimeOffset LastSeen { get; private set; }

    public DateTimeOffset? LastBatchTime { get; private set; }

    public long BatchesApplied { get; private set; }

    public long DuplicatesIgnored { get; private set; }

    public long BatchesDroppedByAgent { get; private set; }

    public long SamplesApplied { get; private set; }

    public IReadOnlyCollection<ProcessRecord> Live => _live.Values;

    public IReadOnlyCollection<ProcessRecord> Exited => _exited;

    public IReadOnlyCollection<UserRecord> Users => _users.Values;

    public ProcessRecord? Find(int pid, ulong startTicks) => _live.GetValueOrDefault((pid, startTicks));

    /// <summary>The live process that has <paramref name="pid"/> now (a parent is named by pid alone).</summary>
    public ProcessRecord? FindByPid(int pid) => _byPid.GetValueOrDefault(pid);

    public UserRecord? FindUser(uint uid) => _users.GetValueOrDefault(uid);

    /// <summary>A hello: returns what the collector knows of this agent instance. Another instance
    /// (the agent restarted) starts counting again; another boot also forgets the processes.</summary>
    public (ulong LastSeq, bool StateKnown) Greet(Hello hello, DateTimeOffset now)
    {
        LastSeen = now;
        AgentVersion = hello.AgentVersion;
        ClockTicksPerSecond = hello.ClockTicksPerSecond;
        CpuCount = hello.CpuCount;
        if (hello.BootTime is not null)
        {
            BootTime = hello.BootTime.ToDateTimeOffset();
        }
        if (hello.BootId != BootId)
        {
            Forget(now);
            BootId = hello.BootId;
        }
        if (hello.InstanceId == InstanceId)
        {
            return (LastSeq, true);
        }
        InstanceId = hello.InstanceId;
        LastSeq = 0;
        return (0, false);
    }

    /// <summary>Applies a validated batch once. Returns false for a batch already applied (a
    /// resend after a reconnect). A gap in the sequence is accepted only when the batch says the
    /// agent dropped that many; otherwise the stream is out of order and the call ends.</summary>
    public bool Apply(Batch batch, DateTimeOffset now)
    {
        if (batch.Seq <= LastSeq)
        {
            DuplicatesIgnored++;
            return false;
        }
        if (LastSeq != 0 && batch.Seq != LastSeq + 1)
        {
            ulong missing = batch.Seq - LastSeq - 1;
            if (batch.DroppedBatches < missing)
            {
                throw new ProtocolViolation(StatusCode.InvalidArgument,
                    $"batch {batch.Seq} follows batch {LastSeq}: {missing} missing and the agent reports {batch.DroppedBatches} dropped");
            }
        }
        var time = batch.Time.ToDateTimeOffset();
        int added = 0;
        // Counting the new ones costs a lookup a sample: only when the limit could be in reach.
        if (_live.Count + batch.Started.Count + batch.Updated.Count > _options.MaxProcessesPerHost)
        {
            foreach (var s in batch.Started)
            {
                if (!_live.ContainsKey((s.Pid, s.StartTicks)))
                {
                    added++;
                }
            }
            foreach (var s in batch.Updated)
            {
                if (!_live.ContainsKey((s.Pid, s.StartTicks)))
                {
                    added++;
                }
            }
        }
        if (_live.Count + added > _options.MaxProcessesPerHost)
        {
            throw new ProtocolViolation(StatusCode.ResourceExhausted,
                $"batch {batch.Seq} would make {_live.Count + added} live processes, more than the limit of {_options.MaxProcessesPerHost}");
        }

        _busyNext.Clear();
        foreach (var s in batch.Started)
        {
            Upsert(s, time, incomplete: false);
        }
        foreach (var s in batch.Updated)
        {
            Upsert(s, time, incomplete: true);
        }
        foreach (var key in batch.Exited)
        {
            if (_live.Remove((key.Pid, key.StartTicks), out var gone))
            {
                Unindex(gone);
                Retire(gone, time);
            }
        }
        if (batch.Keyframe)
        {
            RetireMissing(batch, time);
        }
        foreach (var p in _busy)
        {
            if (p.LastSeen != time)
            {
                p.Idle(time);
            }
        }
        (_busy, _busyNext) = (_busyNext, _busy);
        ApplyUsers(batch, time);
        PurgeExited(now);
        Trim(time);

        LastSeq = batch.Seq;
        LastSeen = now;
        LastBatchTime = time;
        BatchesApplied++;
        BatchesDroppedByAgent += (long)batch.DroppedBatches;
        SamplesApplied += batch.Started.Count + batch.Updated.Count;
        return true;
    }

    private void Upsert(ProcessSample s, DateTimeOffset time, bool incomplete)
    {
        Intern(s);
        if (!_live.TryGetValue((s.Pid, s.StartTicks), out var record))
        {
            record = new ProcessRecord(s.Pid, s.StartTicks, time, _options.HistoryLength) { Incomplete = incomplete };
            _live[(s.Pid, s.StartTicks)] = record;
            _byPid[s.Pid] = record;
        }
        else if (!incomplete)
        {
            record.Incomplete = false;
        }
        record.Apply(s, time);
        if (record.CpuPercent > 0)
        {
            _busyNext.Add(record);
        }
    }

    private void Intern(ProcessSample s)
    {
        if (_texts.Count > (2 * _live.Count) + 1024)
        {
            _texts.Clear();
        }
        if (s.HasComm) { s.Comm = Intern(s.Comm); }
        if (s.HasExe) { s.Exe = Intern(s.Exe); }
        if (s.HasCmdline) { s.Cmdline = Intern(s.Cmdline); }
        if (s.HasUser) { s.User = Intern(s.User); }
        if (s.HasState) { s.State = Intern(s.State); }
    }

    private string Intern(string text)
    {
        if (_texts.TryGetValue(text, out var kept))
        {
            return kept;
        }
        _texts[text] = text;
        return text;
    }

    private void RetireMissing(Batch keyframe, DateTimeOffset time)
    {
        var listed = new HashSet<(int, ulong)>(keyframe.Started.Count);
        foreach (var s in keyframe.Started)
        {
            listed.Add((s.Pid, s.StartTicks));
        }
        foreach (var (key, record) in _live)
        {
            if (!listed.Contains(key))
            {
                _live.Remove(key);
                Unindex(record);
                Retire(record, time);
            }
        }
    }

    private void Unindex(ProcessRecord record)
    {
        if (_byPid.TryGetValue(record.Pid, out var current) && ReferenceEquals(current, record))
        {
            _byPid.Remove(record.Pid);
        }
    }

    private void Retire(ProcessRecord record, DateTimeOffset time)
    {
        record.ExitedAt = time;
        _exited.Enqueue(record);
        while (_exited.Count > _options.MaxProcessesPerHost)
        {
            _exited.Dequeue();
        }
    }

    /// <summary>Once a minute: the live processes let go of what no rule can use any more (the
    /// counters of those that went quiet), so that a host's memory follows what is busy now, not
    /// everything that was ever busy.</summary>
    private void Trim(DateTimeOffset time)
    {
        if (time - _trimmedAt < TrimEvery)
        {
            return;
        }
        _trimmedAt = time;
        foreach (var record in _live.Values)
        {
            record.Trim(time);
        }
    }

    private void PurgeExited(DateTimeOffset now)
    {
        while (_exited.TryPeek(out var oldest) && now - oldest.ExitedAt!.Value > _options.ExitedRetention)
        {
            _exited.Dequeue();
        }
    }

    private void ApplyUsers(Batch batch, DateTimeOffset time)
    {
        long ms = time.ToUnixTimeMilliseconds();
        foreach (var u in batch.Users)
        {
            if (!_users.TryGetValue(u.Uid, out var user))
            {
                user = new UserRecord(u.Uid, u.User, _options.UserHistoryLength);
                _users[u.Uid] = user;
            }
            user.User = u.User;
            user.CpuPercent = u.CpuPercent;
            user.Processes = (int)u.Processes;
            user.Threads = (int)u.Threads;
            user.RssKb = (long)u.RssKb;
            user.LastSeen = time;
            if (user.History.Count == 0 || user.History.Last.UnixMilliseconds < ms)
            {
                user.History.Add(new UserPoint(time, u.CpuPercent, (int)u.Processes, u.RssKb));
            }
        }
        // A user with no live process for as long as the history spans is forgotten.
        foreach (var (uid, user) in _users)
        {
            if (user.LastSeen != time && time - user.LastSeen > _options.ExitedRetention)
            {
                _users.Remove(uid);
            }
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var record in _live.Values)
        {
            Retire(record, now);
        }
        _live.Clear();
        _byPid.Clear();
        _busy.Clear();
        InstanceId = null;
        LastSeq = 0;
    }
}
