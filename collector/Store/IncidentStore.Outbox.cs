using Dapper;
using HsGuard.Collector.Notifications;

namespace HsGuard.Collector.Store;

/// <summary>
/// The notification outbox (table notifications): notices are planned into it once each (the
/// unique key incident, stage, channel, recipient makes a second insert a no-op) and claimed,
/// sent and marked by the sender. A claim is a lease: claimed_by is the collector, claimed_until
/// when another collector on the same database may take the notice over. On PostgreSQL the claim
/// skips rows another collector has locked (FOR UPDATE SKIP LOCKED), so two collectors never
/// claim one notice; SQLite has one writer at a time and needs no more.
/// </summary>
internal sealed partial class IncidentStore
{
    private const string NoticeColumns = """
        id, incident_id, stage, channel, recipient, language, subject, body, status, attempts, next_attempt_at, last_error, created_at,
        sent_at, claimed_by, claimed_until
        """;

    /// <summary>Writes the notices not yet in the outbox, due now; returns how many were new.</summary>
    public int PlanNotices(IReadOnlyCollection<PlannedNotice> notices, DateTimeOffset now)
    {
        if (notices.Count == 0)
        {
            return 0;
        }
        using var connection = _dialect.Open();
        using var transaction = connection.BeginTransaction();
        int added = 0;
        foreach (var n in notices)
        {
            added += connection.Execute("""
                INSERT INTO notifications (incident_id, stage, channel, recipient, language, subject, body, status, attempts, next_attempt_at, created_at)
                VALUES (@IncidentId, @stage, @channel, @Recipient, @language, @Subject, @Body, 'pending', 0, @now, @now)
                ON CONFLICT (incident_id, stage, channel, recipient) DO NOTHING
                """, new
            {
                n.IncidentId, stage = Word(n.Stage), channel = Word(n.Channel), n.Recipient, language = Word(n.Language), n.Subject, n.Body,
                now = now.ToUnixTimeMilliseconds(),
            }, transaction);
        }
        transaction.Commit();
        return added;
    }

    /// <summary>Claims the notice due first that no one holds, for <paramref name="hold"/>; null when none is due.</summary>
    /// <param name="skipChannels">Channels whose notices wait ("email" while its server is down).</param>
    public OutboxNotice? ClaimNext(DateTimeOffset now, TimeSpan hold, IReadOnlyCollection<string>? skipChannels = null)
    {
        using var connection = _dialect.Open();
        var parameters = new DynamicParameters(new { collector = _collector, now = now.ToUnixTimeMilliseconds(), until = (now + hold).ToUnixTimeMilliseconds() });
        string skip = skipChannels is { Count: > 0 } ? "AND channel NOT IN " + SqlList.Add(parameters, "skip", skipChannels) : "";
        return connection.QuerySingleOrDefault<OutboxNotice>($"""
            UPDATE notifications SET claimed_by = @collector, claimed_until = @until
            WHERE id = (SELECT id FROM notifications
              WHERE status = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now) {skip}
              ORDER BY next_attempt_at, id LIMIT 1 {_dialect.SkipLocked})
            RETURNING {NoticeColumns}
            """, parameters);
    }

    /// <summary>The server accepted the notice. False when this collector no longer held it (its
    /// claim ran out and another collector took it over): then it may have gone out twice.</summary>
    public bool MarkSent(long id, DateTimeOffset now)
    {
        using var connection = _dialect.Open();
        return connection.Execute("""
            UPDATE notifications SET status = 'sent', sent_at = @now, attempts = attempts + 1, last_error = NULL, claimed_by = NULL, claimed_until = NULL
            WHERE id = @id AND claimed_by = @collector AND status = 'pending'
            """, new { id, now = now.ToUnixTimeMilliseconds(), collector = _collector }) == 1;
    }

    /// <summary>A try failed: to be tried again at <paramref name="next"/>, or given up.</summary>
    public void MarkFailed(long id, string error, DateTimeOffset next, bool giveUp)
    {
        using var connection = _dialect.Open();
        connection.Execute("""
            UPDATE notifications SET status = @status, attempts = attempts + 1, last_error = @error, next_attempt_at = @next,
              claimed_by = NULL, claimed_until = NULL
            WHERE id = @id AND claimed_by = @collector AND status = 'pending'
            """, new { id, status = giveUp ? "failed" : "pending", error, next = next.ToUnixTimeMilliseconds(), collector = _collector });
    }

    /// <summary>At a start: the claims this collector held when it stopped (a crash) are free again
    /// at once. A collector's name stands for one running process.</summary>
    public int ReleaseClaims()
    {
        using var connection = _dialect.Open();
        return connection.Execute("UPDATE notifications SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = @collector AND status = 'pending'",
            new { collector = _collector });
    }

    /// <summary>When the next pending notice can be claimed (it is due, and no other collector's
    /// claim holds it), if any.</summary>
    public DateTimeOffset? NextNoticeDue()
    {
        using var connection = _dialect.Open();
        return connection.ExecuteScalar<long?>("""
            SELECT MIN(CASE WHEN claimed_until IS NOT NULL AND claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END)
            FROM notifications WHERE status = 'pending'
            """) is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }

    /// <summary>Notices, newest first: all, or those of a status or an incident.</summary>
    public List<OutboxNotice> Notices(string? status = null, long? incident = null, int limit = 1000)
    {
        using var connection = _dialect.Open();
        return connection.Query<OutboxNotice>($"""
            SELECT {NoticeColumns} FROM notifications
            WHERE (@status IS NULL OR status = @status) AND (@incident IS NULL OR incident_id = @incident)
            ORDER BY id DESC LIMIT @limit
            """, new { status, incident, limit }).ToList();
    }

    /// <summary>Stored as lower-case words: "found", "email", "de".</summary>
    internal static string Word<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
