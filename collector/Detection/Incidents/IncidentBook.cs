using System.Threading.Channels;
using HsGuard.Collector.Ingest;

namespace HsGuard.Collector.Detection.Incidents;

/// <summary>
/// The open incidents. A process's findings join the incident that already holds the process,
/// else the incident of its tree's root: the topmost ancestor of the same user below pid 1 and
/// below any web server or PHP worker (that is the member's service, not part of what it
/// started). Thread-safe: every host's session reports here.
/// Memory holds the incidents that may still change: one whose processes have all exited and that
/// has been quiet for <see cref="DetectionOptions.IncidentMemoryRetention"/> leaves memory (the
/// store keeps it), unless its processes are suspended. Lookups are by index, never by scan: a
/// fleet with a record-only rule firing on thousands of processes must not slow ingest down.
/// </summary>
internal sealed class IncidentBook
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Host, uint Uid, int Pid, ulong StartTicks), Incident> _byRoot = [];
    private readonly Dictionary<long, Incident> _all = [];
    private readonly Dictionary<(string Host, int Pid, ulong StartTicks), Incident> _byProcess = [];
    private readonly Dictionary<(string Host, uint Uid), List<Incident>> _byUser = [];
    private readonly Dictionary<string, (HashSet<Incident> Incidents, DateTimeOffset PrunedAt)> _byHost = new(StringComparer.OrdinalIgnoreCase);
    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(10);

    private readonly DetectionOptions _options;
    private readonly IIncidentJournal? _journal;
    private readonly Dictionary<long, DateTimeOffset> _savedAt = [];
    // One channel a subscriber (the response, the notifications). Unbounded, and safe so: an event
    // is written only when an incident opens, its verdict rises (at most three times an incident)
    // or its status changes, never per sample.
    private readonly List<Channel<IncidentEvent>> _subscribers = [];
    private long _nextId;

    /// <param name="journal">The store incidents are written to; none in a replay.</param>
    public IncidentBook(DetectionOptions options, IIncidentJournal? journal = null)
    {
        _options = options;
        _journal = journal;
    }

    /// <summary>Takes back the incidents the store kept (at a start).</summary>
    public void Restore(IEnumerable<Incident> incidents)
    {
        lock (_lock)
        {
            foreach (var incident in incidents)
            {
                Index(incident);
                _nextId = Math.Max(_nextId, incident.Id);
            }
        }
    }

    public void AddAction(Incident incident, IncidentAction action)
    {
        lock (_lock)
        {
            incident.Actions.Add(action);
            _journal?.AddAction(incident, action);
        }
    }

    /// <summary>Changes an action (its status, its outcomes) and writes it.</summary>
    public void ChangeAction(IncidentAction action, Action<IncidentAction> change)
    {
        lock (_lock)
        {
            change(action);
            _journal?.UpdateAction(action);
        }
    }

    /// <summary>Changes an incident's status (and writes it).</summary>
    public void SetStatus(Incident incident, IncidentStatus status)
    {
        lock (_lock)
        {
            var previous = incident.Status;
            incident.Status = status;
            _journal?.Save(incident, []);
            if (previous != status)
            {
                Publish(new IncidentEvent(incident, incident.Verdict, Opened: false, previous));
            }
        }
    }

    public void AddEvidence(Incident incident, StoredEvidence evidence)
    {
        lock (_lock)
        {
            incident.Captured.Add(evidence);
            _journal?.AddEvidence(incident, evidence);
        }
    }

    public void EvidenceChanged(StoredEvidence evidence)
    {
        lock (_lock)
        {
            _journal?.UpdateEvidence(evidence);
        }
    }

    /// <summary>A reader of every event from now on; each subscriber has its own.</summary>
    public ChannelReader<IncidentEvent> Subscribe()
    {
        var channel = Channel.CreateUnbounded<IncidentEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            _subscribers.Add(channel);
        }
        return channel.Reader;
    }

    private void Publish(IncidentEvent change)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Writer.TryWrite(change);
        }
    }

    /// <summary>The incidents in memory, oldest first.</summary>
    public IReadOnlyList<Incident> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _all.Values.OrderBy(i => i.Id)];
            }
        }
    }

    /// <summary>Reads incidents under the book's lock (for a consistent copy).</summary>
    public T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    public Incident? Find(long id)
    {
        lock (_lock)
        {
            return _all.GetValueOrDefault(id);
        }
    }

    /// <summary>Rules fired on a process of <paramref name="host"/>.</summary>
    public Incident Report(HostState host, ProcessRecord process, IReadOnlyList<FiredRule> fired, IReadOnlySet<string> serviceNames,
        double baselineScore, DateTimeOffset time)
    {
        lock (_lock)
        {
            var incident = FindHolding(host.Host, process) ?? Open(host, process.Uid, process.User, Root(host, process, serviceNames), time);
            var previous = incident.Verdict;
            bool opened = incident.Findings.Count == 0;
            int known = incident.Findings.Count;
            bool rose = incident.Add(fired, process.Pid, process.StartTicks, process.Comm, process.Exe, process.FirstSeen, time, _options);
            _byProcess[(host.Host, process.Pid, process.StartTicks)] = incident;
            Changed(host, incident, fired, known, rose || opened, baselineScore, time);
            if (rose || opened)
            {
                Publish(new IncidentEvent(incident, previous, opened));
            }
            Prune(host, time);
            return incident;
        }
    }

    /// <summary>Rules fired on a user as a whole (the learned baseline): they weigh in every open
    /// incident of the user on the host, or open one of their own.</summary>
    public void ReportUser(HostState host, uint uid, string user, IReadOnlyList<FiredRule> fired, double baselineScore, DateTimeOffset time)
    {
        lock (_lock)
        {
            var incidents = _byUser.TryGetValue((host.Host, uid), out var ofUser) ? ofUser.ToList() : [];
            if (incidents.Count == 0)
            {
                incidents.Add(Open(host, uid, user, (0, 0), time));
            }
            foreach (var incident in incidents)
            {
                var previous = incident.Verdict;
                bool opened = incident.Findings.Count == 0;
                int known = incident.Findings.Count;
                bool rose = incident.Add(fired, 0, 0, "", "", incident.FirstSeen == default ? time : incident.FirstSeen, time, _options);
                Changed(host, incident, fired, known, rose || opened, baselineScore, time);
                if (rose || opened)
                {
                    Publish(new IncidentEvent(incident, previous, opened));
                }
            }
        }
    }

    /// <summary>After findings were added: new evidence when the verdict rose, and the incident
    /// written when it has news (a new rule, a new verdict) or every few seconds while its rules
    /// keep firing (their counts and last times).</summary>
    private void Changed(HostState host, Incident incident, IReadOnlyList<FiredRule> fired, int knownFindings, bool newVerdict,
        double baselineScore, DateTimeOffset time)
    {
        if (newVerdict)
        {
            incident.Evidence = EvidenceBuilder.Take(host, incident, baselineScore, time);
        }
        if (_journal is null)
        {
            return;
        }
        bool news = newVerdict || incident.Findings.Count != knownFindings;
        if (news || time - _savedAt.GetValueOrDefault(incident.Id) >= SaveEvery)
        {
            var findings = incident.Findings.Where(f => fired.Any(r => r.Name == f.Rule)).ToList();
            _journal.Save(incident, findings);
            _savedAt[incident.Id] = time;
        }
    }

    private Incident? FindHolding(string host, ProcessRecord process) =>
        _byProcess.TryGetValue((host, process.Pid, process.StartTicks), out var incident) && incident.Uid == process.Uid ? incident : null;

    private void Index(Incident incident)
    {
        _all[incident.Id] = incident;
        _byRoot[(incident.Host, incident.Uid, incident.RootPid, incident.RootStartTicks)] = incident;
        if (!_byUser.TryGetValue((incident.Host, incident.Uid), out var ofUser))
        {
            _byUser[(incident.Host, incident.Uid)] = ofUser = [];
        }
        ofUser.Add(incident);
        if (!_byHost.TryGetValue(incident.Host, out var ofHost))
        {
            _byHost[incident.Host] = ofHost = ([], default);
        }
        ofHost.Incidents.Add(incident);
        foreach (var (pid, start) in incident.Processes)
        {
            _byProcess[(incident.Host, pid, start)] = incident;
        }
    }

    /// <summary>Once a minute for each host: lets go of the host's incidents that are quiet, whose
    /// processes have all exited and that are not suspended.</summary>
    private void Prune(HostState host, DateTimeOffset time)
    {
        if (!_byHost.TryGetValue(host.Host, out var ofHost) || time - ofHost.PrunedAt < TimeSpan.FromMinutes(1))
        {
            return;
        }
        _byHost[host.Host] = (ofHost.Incidents, time);
        foreach (var incident in ofHost.Incidents.ToList())
        {
            if (incident.Status == IncidentStatus.Suspended || time - incident.LastActivity < _options.IncidentMemoryRetention
                || incident.Processes.Any(p => p.Pid != 0 && host.Find(p.Pid, p.StartTicks) is not null))
            {
                continue;
            }
            ofHost.Incidents.Remove(incident);
            _all.Remove(incident.Id);
            _savedAt.Remove(incident.Id);
            _byRoot.Remove((incident.Host, incident.Uid, incident.RootPid, incident.RootStartTicks));
            if (_byUser.TryGetValue((incident.Host, incident.Uid), out var ofUser))
            {
                ofUser.Remove(incident);
                if (ofUser.Count == 0)
                {
                    _byUser.Remove((incident.Host, incident.Uid));
                }
            }
            foreach (var (pid, start) in incident.Processes)
            {
                _byProcess.Remove((incident.Host, pid, start));
            }
        }
    }

    private Incident Open(HostState host, uint uid, string user, (int Pid, ulong StartTicks) root, DateTimeOffset time)
    {
        if (_byRoot.TryGetValue((host.Host, uid, root.Pid, root.StartTicks), out var existing))
        {
            return existing;
        }
        var incident = new Incident(0, host.Host, uid, user, root.Pid, root.StartTicks, time);
        incident.Id = _journal?.Create(incident) ?? ++_nextId;
        Index(incident);
        return incident;
    }

    private static (int Pid, ulong StartTicks) Root(HostState host, ProcessRecord process, IReadOnlySet<string> serviceNames)
    {
        var root = process;
        for (int depth = 0; depth < 64; depth++)
        {
            var parent = host.FindByPid(root.ParentPid);
            if (parent is null || parent.Pid <= 1 || parent.Uid != process.Uid || serviceNames.Contains(parent.Comm))
            {
                break;
            }
            root = parent;
        }
        return (root.Pid, root.StartTicks);
    }
}
