using System.Threading.Channels;
using HsGuard.Collector.Ingest;

namespace HsGuard.Collector.Detection.Incidents;

/// <summary>
/// The open incidents. A process's findings join the incident that already holds the process,
/// else the incident of its tree's root: the topmost ancestor of the same user below pid 1 and
/// below any web server or PHP worker (that is the member's service, not part of what it
/// started). Thread-safe: every host's session reports here.
/// </summary>
internal sealed class IncidentBook
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Host, uint Uid, int Pid, ulong StartTicks), Incident> _byRoot = [];
    private readonly List<Incident> _all = [];
    private readonly DetectionOptions _options;
    // Unbounded, and safe so: an event is written only when an incident opens or its verdict
    // rises (at most three times an incident), never per sample.
    private readonly Channel<IncidentEvent> _events = Channel.CreateUnbounded<IncidentEvent>(new UnboundedChannelOptions { SingleReader = true });
    private long _nextId;

    public IncidentBook(DetectionOptions options)
    {
        _options = options;
    }

    public ChannelReader<IncidentEvent> Events => _events.Reader;

    public IReadOnlyList<Incident> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>Changes incidents (actions, status) under the book's lock, as detection does.</summary>
    public void Mutate(Action change)
    {
        lock (_lock)
        {
            change();
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
            return _all.Find(i => i.Id == id);
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
            bool rose = incident.Add(fired, process.Pid, process.StartTicks, process.Comm, process.Exe, process.FirstSeen, time, _options);
            if (rose || opened)
            {
                incident.Evidence = EvidenceBuilder.Take(host, incident, baselineScore, time);
                _events.Writer.TryWrite(new IncidentEvent(incident, previous, opened));
            }
            return incident;
        }
    }

    /// <summary>Rules fired on a user as a whole (the learned baseline): they weigh in every open
    /// incident of the user on the host, or open one of their own.</summary>
    public void ReportUser(HostState host, uint uid, string user, IReadOnlyList<FiredRule> fired, double baselineScore, DateTimeOffset time)
    {
        lock (_lock)
        {
            var incidents = _all.Where(i => i.Host == host.Host && i.Uid == uid).ToList();
            if (incidents.Count == 0)
            {
                incidents.Add(Open(host, uid, user, (0, 0), time));
            }
            foreach (var incident in incidents)
            {
                var previous = incident.Verdict;
                bool opened = incident.Findings.Count == 0;
                if (incident.Add(fired, 0, 0, "", "", incident.FirstSeen == default ? time : incident.FirstSeen, time, _options) || opened)
                {
                    incident.Evidence = EvidenceBuilder.Take(host, incident, baselineScore, time);
                    _events.Writer.TryWrite(new IncidentEvent(incident, previous, opened));
                }
            }
        }
    }

    private Incident? FindHolding(string host, ProcessRecord process)
    {
        foreach (var incident in _all)
        {
            if (incident.Host == host && incident.Uid == process.Uid && incident.Involves(process.Pid, process.StartTicks))
            {
                return incident;
            }
        }
        return null;
    }

    private Incident Open(HostState host, uint uid, string user, (int Pid, ulong StartTicks) root, DateTimeOffset time)
    {
        if (_byRoot.TryGetValue((host.Host, uid, root.Pid, root.StartTicks), out var existing))
        {
            return existing;
        }
        var incident = new Incident(++_nextId, host.Host, uid, user, root.Pid, root.StartTicks, time);
        _byRoot[(host.Host, uid, root.Pid, root.StartTicks)] = incident;
        _all.Add(incident);
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
