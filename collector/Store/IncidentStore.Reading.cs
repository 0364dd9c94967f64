using System.Text.Json;
using Dapper;
using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Store;

internal sealed partial class IncidentStore
{
    /// <summary>The incidents still open (not closed, not judged false positives) with their
    /// findings, actions and evidence records, to take back at a start.</summary>
    public List<Incident> LoadOpen() =>
        Load("i.status NOT IN ('Closed', 'FalsePositive') AND i.collector = @collector", new { collector = _collector });

    /// <summary>This collector's closed incidents that members or hostmasters were told were found
    /// and not yet that they were resolved: their notices were not planned when the collector stopped.</summary>
    public List<Incident> LoadUnresolvedNotices() => Load("""
        i.status IN ('Closed', 'FalsePositive') AND i.collector = @collector
        AND EXISTS (SELECT 1 FROM notifications n WHERE n.incident_id = i.id AND n.stage = 'found')
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.incident_id = i.id AND n.stage = 'resolved')
        """, new { collector = _collector });

    /// <param name="condition">Which incidents, on the incidents table as "i".</param>
    private List<Incident> Load(string condition, object parameters)
    {
        using var connection = _dialect.Open();
        var rows = connection.Query<IncidentRow>($"""
            SELECT id, host, uid, user_name AS "User", root_pid, root_start_ticks, offender_pid, offender_start_ticks, offender_comm,
              offender_exe, first_seen, opened_at, last_activity, verdict, score, severity, status, verdict_times, evidence, collector
            FROM incidents i WHERE {condition} ORDER BY id
            """, parameters).ToList();
        var findings = connection.Query<FindingRow>($"""
            SELECT f.incident_id, f.rule, f.weight, f.priority, f.tags, f.pid, f.start_ticks, f.output, f.first_fired, f.last_fired, f.times
            FROM findings f JOIN incidents i ON i.id = f.incident_id
            WHERE {condition}
            """, parameters).ToLookup(f => f.IncidentId);
        var actions = connection.Query<ActionRow>($"""
            SELECT a.id, a.incident_id, a.time, a.kind, a.by_whom, a.detail, a.command_id, a.status, a.completed_at, a.reason, a.method, a.outcomes
            FROM actions a JOIN incidents i ON i.id = a.incident_id
            WHERE {condition} ORDER BY a.id
            """, parameters).ToLookup(a => a.IncidentId);
        return rows.Select(r => Restore(r, findings[r.Id], actions[r.Id])).ToList();
    }

    private static Incident Restore(IncidentRow r, IEnumerable<FindingRow> findings, IEnumerable<ActionRow> actions)
    {
        var times = JsonSerializer.Deserialize<Dictionary<string, long>>(r.VerdictTimes) ?? [];
        var incident = Incident.Restore(r.Id, r.Host, (uint)r.Uid, r.User, (int)r.RootPid, (ulong)r.RootStartTicks, Time(r.OpenedAt),
            ((int)r.OffenderPid, (ulong)r.OffenderStartTicks, r.OffenderComm, r.OffenderExe), Time(r.FirstSeen), Time(r.LastActivity),
            (int)r.Score, Enum.Parse<Verdict>(r.Verdict), r.Severity, Enum.Parse<IncidentStatus>(r.Status),
            times.ToDictionary(t => Enum.Parse<Verdict>(t.Key), t => Time(t.Value)),
            findings.Select(f => new Finding(f.Rule, (int)f.Weight, f.Priority, JsonSerializer.Deserialize<string[]>(f.Tags) ?? [], (int)f.Pid,
                (ulong)f.StartTicks, f.Output, Time(f.FirstFired)) { LastFired = Time(f.LastFired), Times = (int)f.Times }));
        if (r.Evidence is not null)
        {
            incident.Evidence = JsonSerializer.Deserialize<IncidentEvidence>(r.Evidence, StoreJson.Options);
        }
        foreach (var a in actions)
        {
            var action = new IncidentAction(Time(a.Time), a.Kind, a.ByWhom, a.Detail, a.CommandId)
            {
                Id = a.Id,
                Status = a.Status,
                CompletedAt = a.CompletedAt is { } c ? Time(c) : null,
                Reason = a.Reason,
                Method = a.Method,
            };
            action.Outcomes.AddRange(JsonSerializer.Deserialize<string[]>(a.Outcomes) ?? []);
            incident.Actions.Add(action);
        }
        return incident;
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed class FindingRow
    {
        public long IncidentId { get; set; }
        public string Rule { get; set; } = "";
        public long Weight { get; set; }
        public string Priority { get; set; } = "";
        public string Tags { get; set; } = "[]";
        public long Pid { get; set; }
        public long StartTicks { get; set; }
        public string Output { get; set; } = "";
        public long FirstFired { get; set; }
        public long LastFired { get; set; }
        public long Times { get; set; }
    }

    private sealed class ActionRow
    {
        public long Id { get; set; }
        public long IncidentId { get; set; }
        public long Time { get; set; }
        public string Kind { get; set; } = "";
        public string ByWhom { get; set; } = "";
        public string Detail { get; set; } = "";
        public string? CommandId { get; set; }
        public string? Status { get; set; }
        public long? CompletedAt { get; set; }
        public string? Reason { get; set; }
        public string? Method { get; set; }
        public string Outcomes { get; set; } = "[]";
    }
}
