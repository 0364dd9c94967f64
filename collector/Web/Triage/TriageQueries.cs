using System.Globalization;
using HsGuard.Collector.Detection.Allow;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Ingest;
using HsGuard.Collector.Members;
using HsGuard.Collector.Store;

namespace HsGuard.Collector.Web.Triage;

/// <summary>
/// What the web UI, the API and the command line read: incidents (the book's live copies where it
/// holds them, the store's otherwise), hosts, rules and allow entries, each cut to what the viewer
/// may see. One place for both the pages and the API, so that they never disagree.
/// </summary>
internal sealed class TriageQueries
{
    /// <summary>How far before its first process was seen an incident's window starts.</summary>
    private static readonly TimeSpan WindowLead = TimeSpan.FromMinutes(1);
    /// <summary>Points of a user's history a host list shows (about a minute at one sample a second).</summary>
    private const int HostHistoryPoints = 60;

    private readonly IncidentBook _book;
    private readonly IncidentStore _store;
    private readonly HostRegistry _hosts;
    private readonly RulesService _rules;
    private readonly MemberDirectory _members;
    private readonly AllowList _allowed;
    private readonly TimeProvider _time;

    public TriageQueries(IncidentBook book, IncidentStore store, HostRegistry hosts, RulesService rules, MemberDirectory members, AllowList allowed,
        TimeProvider time)
    {
        _book = book;
        _store = store;
        _hosts = hosts;
        _rules = rules;
        _members = members;
        _allowed = allowed;
        _time = time;
    }

    /// <summary>The page of incidents the viewer may see that pass the filter, newest first. The
    /// database does the filtering and the paging, the viewer's member included, so a page costs
    /// a page however many incidents there are; the book's live copies stand in for their rows.</summary>
    public IncidentPage Incidents(IncidentFilter filter, Viewer viewer)
    {
        var members = new List<MemberScope>();
        if (!viewer.IsHostmaster)
        {
            if (viewer.Member is not { Length: > 0 } own)
            {
                return new IncidentPage([], null, null);
            }
            members.Add(_members.Scope(own));
        }
        if (filter.Member is not null)
        {
            members.Add(_members.Scope(filter.Member));
        }
        var query = new IncidentQuery(filter.Host, filter.User, filter.Severity is null ? null : Priorities.AtLeast(filter.Severity),
            filter.IsAll || filter.IsOpen ? null : filter.ParsedStatus!.Value.ToString(), filter.IsOpen, members, filter.Before, filter.After,
            filter.Limit);
        var (stored, older, newer) = _store.LoadPage(query);
        var memberOf = MemberResolver();
        // The cursors are the page's ends (an empty page's, its own cursor's neighbours; none below
        // id 1, which only a hand-made before=1 asks for).
        long? next = older ? (stored.Count > 0 ? stored[^1].Id : filter.After + 1) : null;
        long? previous = newer ? (stored.Count > 0 ? stored[0].Id : filter.Before - 1 is >= 1 and var above ? above : null) : null;
        // The query cut by the viewer's member already; asking the directory again costs a lookup
        // per user on the page and keeps a member's view to its own should the two ever disagree.
        var incidents = stored.Select(i => Summary(_book.Find(i.Id) ?? i, memberOf)).Where(s => viewer.MaySee(s.Member)).ToList();
        return new IncidentPage(incidents, next, previous);
    }

    /// <summary>The incident with its evidence; null when there is none of that id or the viewer may not see it.</summary>
    public IncidentDetail? Incident(long id, Viewer viewer)
    {
        var (incident, live) = Find(id);
        if (incident is null)
        {
            return null;
        }
        var memberOf = MemberResolver();
        var summary = Summary(incident, memberOf);
        if (!viewer.MaySee(summary.Member))
        {
            return null;
        }
        var (findings, evidence, actions, captured) = _book.Read(() =>
            (incident.Findings.ToList(), incident.Evidence, incident.Actions.Select(ActionView.Of).ToList(), incident.Captured.Select(View).ToList()));
        var now = _time.GetUtcNow();
        var start = (incident.FirstSeen == default ? incident.OpenedAt : Min(incident.FirstSeen, incident.OpenedAt)) - WindowLead;
        var end = summary.IsOpen && live ? now : incident.LastActivity;
        var rules = _rules.Current;
        var signals = findings
            .OrderByDescending(f => f.Weight).ThenBy(f => f.FirstFired)
            .Select(f => new SignalView(f.Rule, rules.Rule(f.Rule)?.Description ?? "", f.Weight, f.Priority, f.Tags, f.Pid, f.Output, f.FirstFired,
                f.LastFired, f.Times))
            .ToList();
        var state = _hosts.Find(incident.Host);
        var (processes, userCpu) = Tree(incident, evidence, state, start);
        var recipients = viewer.IsHostmaster ? null : memberOf.Recipients(incident.Host, incident.User);
        var notices = _store.Notices(incident: id)
            .Where(n => recipients is null || recipients.Contains(n.Recipient, StringComparer.OrdinalIgnoreCase))
            .OrderBy(n => n.Id)
            .Select(n => new NoticeView(n.Id, n.Created, n.Stage, n.Channel, n.Recipient, n.Subject, n.Status, (int)n.Attempts,
                n.SentAt is { } sent ? DateTimeOffset.FromUnixTimeMilliseconds(sent) : null, n.LastError))
            .ToList();
        return new IncidentDetail(summary, start, end, evidence?.TakenAt, evidence?.BaselineScore, live, _hosts.IsConnected(incident.Host), signals,
            processes, userCpu, actions, notices, captured, _allowed.Entries.Where(e => e.IncidentId == id).ToList());
    }

    /// <summary>The hosts heard from since the start, by name; a member sees the hosts where it has
    /// users, and only those users.</summary>
    public List<HostView> Hosts(Viewer viewer)
    {
        var memberOf = MemberResolver();
        var openByHost = _book.All.Where(i => TriageText.IsOpen(i.Status)).GroupBy(i => i.Host, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var views = new List<HostView>();
        foreach (var host in _hosts.Hosts.OrderBy(h => h.Host, StringComparer.Ordinal))
        {
            HostView view;
            lock (host.Gate)
            {
                var users = host.Users
                    .Select(u => new HostUserView(u.Uid, u.User, memberOf.Member(host.Host, u.User), u.CpuPercent, u.Processes, u.RssKb, u.LastSeen,
                        Last(u.History.ToArray(), HostHistoryPoints).Select(p => new CpuPoint(p.Time, p.CpuPercent)).ToList()))
                    .Where(u => viewer.IsHostmaster || viewer.MaySee(u.Member))
                    .OrderByDescending(u => u.Cpu).ThenBy(u => u.User, StringComparer.Ordinal)
                    .ToList();
                view = new HostView(host.Host, _hosts.IsConnected(host.Host), host.LastSeen, host.AgentVersion, host.CpuCount, host.Live.Count,
                    host.SamplesApplied, openByHost.GetValueOrDefault(host.Host), users);
            }
            if (viewer.IsHostmaster || view.Users.Count > 0)
            {
                views.Add(viewer.IsHostmaster ? view : view with { OpenIncidents = 0, Processes = 0 });
            }
        }
        return views;
    }

    public RulesView Rules()
    {
        var set = _rules.Current;
        return new RulesView(set.Version, set.LoadedAt, _rules.Paths, set.Files.Select(f => f.Path).ToList(), _rules.LastReloadAt,
            _rules.LastErrors.Select(e => e.ToString()).ToList(),
            set.Rules.Select(r => new RuleView(r.Name, r.Description, r.Priority.ToString().ToUpperInvariant(), r.Weight,
                r.Source.ToString().ToLowerInvariant(), r.Enabled, r.Maturity.ToString().ToLowerInvariant(), r.Tags, r.File, r.Line,
                _rules.FireCount(r.Name))).ToList());
    }

    public IReadOnlyList<AllowEntry> AllowEntries() => _allowed.Entries;

    /// <summary>The incident, from memory when the book holds it (live), else from the store.</summary>
    internal (Incident? Incident, bool Live) Find(long id) =>
        _book.Find(id) is { } live ? (live, true) : (_store.LoadIncident(id), false);

    internal MemberCache MemberResolver() => new(_members);

    private IncidentSummary Summary(Incident i, MemberCache memberOf) => _book.Read(() => new IncidentSummary(
        i.Id, i.Host, i.User, i.Uid, memberOf.Member(i.Host, i.User), TriageText.Word(i.Status), TriageText.IsOpen(i.Status), TriageText.Word(i.Verdict),
        i.Severity, i.Score, i.OffenderPid, i.OffenderComm, i.OffenderExe, i.OpenedAt, i.DetectedAt, i.LastActivity,
        i.Findings.OrderByDescending(f => f.Weight).Select(f => f.Rule).ToList()));

    /// <summary>The tree as the evidence saw it, each process's CPU extended by its live history
    /// when it still runs, and the user's CPU likewise.</summary>
    private static (List<ProcessView> Processes, List<CpuPoint> UserCpu) Tree(Incident incident, IncidentEvidence? evidence, HostState? host,
        DateTimeOffset start)
    {
        var processes = new List<ProcessView>();
        var userCpu = evidence?.UserCpu.Select(p => new CpuPoint(p.Time, p.CpuPercent)).ToList() ?? [];
        if (host is null)
        {
            processes.AddRange((evidence?.Tree ?? []).Select(p => FromEvidence(p, incident, null)));
            return (processes, userCpu);
        }
        lock (host.Gate)
        {
            foreach (var p in evidence?.Tree ?? [])
            {
                processes.Add(FromEvidence(p, incident, host.Find(p.Pid, p.StartTicks)));
            }
            if (host.FindUser(incident.Uid) is { } user)
            {
                userCpu = Merge(userCpu, user.History.ToArray().Select(p => new CpuPoint(p.Time, p.CpuPercent)), start);
            }
        }
        return (processes, userCpu);
    }

    private static ProcessView FromEvidence(EvidenceProcess p, Incident incident, ProcessRecord? now)
    {
        var cpu = p.Cpu.Select(c => new CpuPoint(c.Time, c.CpuPercent)).ToList();
        if (now is not null)
        {
            cpu = Merge(cpu, now.History.ToArray().Select(h => new CpuPoint(h.Time, h.CpuPercent)), DateTimeOffset.MinValue);
        }
        return new ProcessView(p.Pid, p.StartTicks, p.ParentPid, p.User, p.Comm, p.Exe, now?.ExeDeleted ?? p.ExeDeleted, p.CommandLine,
            now?.State ?? p.State, now?.CpuPercent ?? p.CpuPercent, now?.Threads ?? p.Threads, now?.RssKb ?? p.RssKb, p.FirstSeen,
            now is null ? p.ExitedAt : null, now is not null, p.Pid == incident.OffenderPid && p.StartTicks == incident.OffenderStartTicks, cpu,
            p.Connections.Select(c => string.Create(CultureInfo.InvariantCulture,
                $"{c.LocalAddress}:{c.LocalPort} -> {c.RemoteAddress}:{c.RemotePort} {c.State}")).ToList());
    }

    /// <summary>Both series, by time, each time once (the later series wins), from <paramref name="start"/>.</summary>
    private static List<CpuPoint> Merge(IEnumerable<CpuPoint> before, IEnumerable<CpuPoint> after, DateTimeOffset start)
    {
        var points = new SortedDictionary<DateTimeOffset, float>();
        foreach (var p in before.Concat(after))
        {
            if (p.Time >= start)
            {
                points[p.Time] = p.Cpu;
            }
        }
        return points.Select(p => new CpuPoint(p.Key, p.Value)).ToList();
    }

    private static IEnumerable<T> Last<T>(T[] items, int count) => items.Length <= count ? items : items[^count..];

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static CapturedView View(StoredEvidence e) =>
        new(e.Bundle.Process?.Pid ?? 0, e.Bundle.Exe, e.Bundle.ExeSha256, e.Directory, e.ExecutableCopy, e.CopyVerified);
}
