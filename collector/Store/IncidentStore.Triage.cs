using Dapper;
using HsGuard.Collector.Detection.Allow;
using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Store;

/// <summary>What the web UI, the API and the command line read and change beyond the incident
/// book: any incident (also those memory let go of), the allow entries, notices sent again.</summary>
internal sealed partial class IncidentStore
{
    public Incident? LoadIncident(long id) => Load("i.id = @id", new { id }).SingleOrDefault();

    public List<AllowEntry> AllowEntries()
    {
        using var connection = _dialect.Open();
        return connection.Query<AllowRow>("""
            SELECT id, host, user_name, executable, reason, created_by, created_at, incident_id FROM allow_entries ORDER BY id
            """).Select(r => r.Entry()).ToList();
    }

    /// <summary>Writes a new entry; returns it with its id.</summary>
    public AllowEntry AddAllowEntry(AllowEntry e)
    {
        using var connection = _dialect.Open();
        long id = connection.ExecuteScalar<long>("""
            INSERT INTO allow_entries (host, user_name, executable, reason, created_by, created_at, incident_id)
            VALUES (@Host, @User, @Executable, @Reason, @CreatedBy, @created, @IncidentId)
            RETURNING id
            """, new { e.Host, e.User, e.Executable, e.Reason, e.CreatedBy, created = e.CreatedAt.ToUnixTimeMilliseconds(), e.IncidentId });
        return e with { Id = id };
    }

    /// <summary>Returns whether there was an entry of that id.</summary>
    public bool RemoveAllowEntry(long id)
    {
        using var connection = _dialect.Open();
        return connection.Execute("DELETE FROM allow_entries WHERE id = @id", new { id }) == 1;
    }

    /// <summary>Sends the latest notice to each of <paramref name="recipients"/> about the incident
    /// again: due now, with a new creation time, so that it goes out under a new Message-ID and
    /// idempotency key (a mail server that drops a second message of the same id would drop it).
    /// A notice still waiting to go out is left as it is. Returns how many are (again) on their way.</summary>
    public int ResendNotices(long incidentId, IReadOnlyCollection<string> recipients, DateTimeOffset now)
    {
        if (recipients.Count == 0)
        {
            return 0;
        }
        using var connection = _dialect.Open();
        using var transaction = connection.BeginTransaction();
        var parameters = new DynamicParameters(new { incidentId });
        string inRecipients = SqlList.Add(parameters, "r", recipients);
        var latest = connection.Query<(long Id, string Status)>($"""
            SELECT id, status FROM notifications
            WHERE id IN (SELECT MAX(id) FROM notifications WHERE incident_id = @incidentId AND recipient IN {inRecipients} GROUP BY recipient)
            """, parameters, transaction).ToList();
        foreach (var (id, status) in latest.Where(n => n.Status != "pending"))
        {
            connection.Execute("""
                UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = @now, created_at = @now, last_error = NULL,
                  sent_at = NULL, claimed_by = NULL, claimed_until = NULL
                WHERE id = @id
                """, new { id, now = now.ToUnixTimeMilliseconds() }, transaction);
        }
        transaction.Commit();
        return latest.Count;
    }

    /// <summary>Incidents by verdict and whether they are still open (for /metrics).</summary>
    public List<(string Verdict, bool Open, long Count)> IncidentCounts()
    {
        using var connection = _dialect.Open();
        return connection.Query<(string, long, long)>("""
            SELECT verdict, CASE WHEN status IN ('Closed', 'FalsePositive') THEN 0 ELSE 1 END AS open, COUNT(*)
            FROM incidents GROUP BY verdict, CASE WHEN status IN ('Closed', 'FalsePositive') THEN 0 ELSE 1 END
            """).Select(r => (r.Item1, r.Item2 == 1, r.Item3)).ToList();
    }

    /// <summary>Actions by kind and whether the policy or a hostmaster took them (for /metrics).</summary>
    public List<(string Kind, bool ByPolicy, long Count)> ActionCounts()
    {
        using var connection = _dialect.Open();
        return connection.Query<(string, long, long)>("""
            SELECT kind, CASE WHEN by_whom = 'policy' THEN 1 ELSE 0 END AS policy, COUNT(*)
            FROM actions GROUP BY kind, CASE WHEN by_whom = 'policy' THEN 1 ELSE 0 END
            """).Select(r => (r.Item1, r.Item2 == 1, r.Item3)).ToList();
    }

    /// <summary>Notices by status: pending (the backlog), sent, failed (for /metrics).</summary>
    public List<(string Status, long Count)> NoticeCounts()
    {
        using var connection = _dialect.Open();
        return connection.Query<(string, long)>("SELECT status, COUNT(*) FROM notifications GROUP BY status").ToList();
    }

    private sealed class AllowRow
    {
        public long Id { get; set; }
        public string? Host { get; set; }
        public string UserName { get; set; } = "";
        public string? Executable { get; set; }
        public string Reason { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? IncidentId { get; set; }

        public AllowEntry Entry() => new(Id, Host, UserName, Executable, Reason, CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), IncidentId);
    }
}
