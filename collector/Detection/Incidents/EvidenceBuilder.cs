using HsGuard.Collector.Ingest;

namespace HsGuard.Collector.Detection.Incidents;

/// <summary>Takes an incident's evidence from its host's table: the root and its descendants (and
/// every process the incident holds), with their CPU histories and connections.</summary>
internal static class EvidenceBuilder
{
    private const int MaxProcesses = 200;

    public static IncidentEvidence Take(HostState host, Incident incident, double baselineScore, DateTimeOffset time)
    {
        var members = new Dictionary<(int, ulong), ProcessRecord>();
        if (incident.RootPid != 0 && host.Find(incident.RootPid, incident.RootStartTicks) is { } root)
        {
            members[(root.Pid, root.StartTicks)] = root;
            // Descendants, breadth first.
            var frontier = new Queue<int>([root.Pid]);
            while (frontier.Count > 0 && members.Count < MaxProcesses)
            {
                int parent = frontier.Dequeue();
                foreach (var p in host.Live)
                {
                    if (p.ParentPid == parent && members.TryAdd((p.Pid, p.StartTicks), p))
                    {
                        frontier.Enqueue(p.Pid);
                    }
                }
            }
        }
        foreach (var (pid, start) in incident.Processes)
        {
            if (pid != 0 && !members.ContainsKey((pid, start))
                && (host.Find(pid, start) ?? host.Exited.FirstOrDefault(e => e.Pid == pid && e.StartTicks == start)) is { } p)
            {
                members[(pid, start)] = p;
            }
        }
        var tree = members.Values.OrderBy(p => p.Pid).Select(Describe).ToList();
        var userCpu = host.FindUser(incident.Uid)?.History.ToArray()
            .Select(u => new EvidencePoint(u.Time, u.CpuPercent)).ToList() ?? [];
        return new IncidentEvidence(time, tree, userCpu, baselineScore);
    }

    private static EvidenceProcess Describe(ProcessRecord p) => new(
        p.Pid, p.StartTicks, p.ParentPid, p.Uid, p.User, p.Comm, p.Exe, p.ExeDeleted, p.CommandLine, p.State,
        p.CpuPercent, p.Threads, p.RssKb, p.FirstSeen, p.ExitedAt,
        p.History.ToArray().Select(h => new EvidencePoint(h.Time, h.CpuPercent)).ToList(),
        p.Deep?.Connections.Select(c => new EvidenceConnection(c.LocalAddress, c.LocalPort, c.RemoteAddress, c.RemotePort, c.State)).ToList() ?? []);
}
