using System.Data.Common;
using System.Text.Json;
using Dapper;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Ingest;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Store;

/// <summary>
/// The collector's store, on SQLite or PostgreSQL through the same statements: the schema is
/// migrated at start; incidents, their findings, actions and evidence are written as they change
/// (the journal of the incident book) and read back at a start and by the web UI and API.
/// </summary>
internal sealed partial class IncidentStore : IIncidentJournal, IHostJournal
{
    static IncidentStore()
    {
        // root_pid → RootPid: one naming in SQL, one in C#.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private readonly StoreDialect _dialect;
    private readonly string _collector;
    private readonly ILogger<IncidentStore> _log;

    public IncidentStore(IOptions<StoreOptions> options, IOptions<CollectorOptions> collector, ILogger<IncidentStore> log)
    {
        _dialect = StoreDialect.Create(options.Value, collector.Value.StateDirectory);
        _collector = options.Value.CollectorName;
        _log = log;
    }

    public StoreProvider Provider => _dialect.Provider;

    internal DbConnection Open() => _dialect.Open();

    /// <summary>Applies the steps of <see cref="Migrations"/> the database has not had, all in one
    /// transaction under the migration lock (DDL is transactional in both databases: a failed step
    /// leaves the schema as it was); returns the schema version.</summary>
    public int Migrate()
    {
        using var connection = _dialect.Open();
        using var transaction = connection.BeginTransaction();
        _dialect.LockForMigration(connection, transaction);
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            transaction: transaction);
        int version = connection.ExecuteScalar<int?>("SELECT MAX(version) FROM schema_migrations", transaction: transaction) ?? 0;
        foreach (var (step, description, sql) in Migrations.Steps.Where(m => m.Version > version))
        {
            foreach (string statement in sql.Replace("{id}", _dialect.Identity, StringComparison.Ordinal).Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!string.IsNullOrWhiteSpace(statement))
                {
                    connection.Execute(statement, transaction: transaction);
                }
            }
            connection.Execute("INSERT INTO schema_migrations (version, description, applied_at) VALUES (@step, @description, @now)",
                new { step, description, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction);
            StoreLog.Migrated(_log, _dialect.Provider.ToString(), step, description);
            version = step;
        }
        transaction.Commit();
        return version;
    }

    public long Create(Incident i)
    {
        using var connection = _dialect.Open();
        return connection.ExecuteScalar<long>("""
            INSERT INTO incidents (host, uid, user_name, root_pid, root_start_ticks, offender_pid, offender_start_ticks, offender_comm,
              offender_exe, first_seen, opened_at, last_activity, verdict, score, severity, status, verdict_times, evidence, collector)
            VALUES (@Host, @Uid, @User, @RootPid, @RootStartTicks, @OffenderPid, @OffenderStartTicks, @OffenderComm, @OffenderExe,
              @FirstSeen, @OpenedAt, @LastActivity, @Verdict, @Score, @Severity, @Status, @VerdictTimes, NULL, @Collector)
            RETURNING id
            """, Row(i));
    }

    public void Save(Incident i, IReadOnlyCollection<Finding> findings)
    {
        using var connection = _dialect.Open();
        using var transaction = connection.BeginTransaction();
        connection.Execute("""
            UPDATE incidents SET offender_pid = @OffenderPid, offender_start_ticks = @OffenderStartTicks, offender_comm = @OffenderComm,
              offender_exe = @OffenderExe, first_seen = @FirstSeen, last_activity = @LastActivity, verdict = @Verdict, score = @Score,
              severity = @Severity, status = @Status, verdict_times = @VerdictTimes, evidence = COALESCE(@Evidence, evidence)
            WHERE id = @Id
            """, Row(i, withEvidence: true), transaction);
        foreach (var f in findings)
        {
            connection.Execute("""
                INSERT INTO findings (incident_id, rule, weight, priority, tags, pid, start_ticks, output, first_fired, last_fired, times)
                VALUES (@id, @Rule, @Weight, @Priority, @tags, @Pid, @start, @Output, @first, @last, @Times)
                ON CONFLICT (incident_id, rule) DO UPDATE SET last_fired = excluded.last_fired, times = excluded.times
                """, new
            {
                id = i.Id, f.Rule, f.Weight, f.Priority, tags = JsonSerializer.Serialize(f.Tags), f.Pid, start = (long)f.StartTicks, f.Output,
                first = f.FirstFired.ToUnixTimeMilliseconds(), last = f.LastFired.ToUnixTimeMilliseconds(), f.Times,
            }, transaction);
        }
        transaction.Commit();
    }

    public void AddAction(Incident incident, IncidentAction a)
    {
        using var connection = _dialect.Open();
        a.Id = connection.ExecuteScalar<long>("""
            INSERT INTO actions (incident_id, time, kind, by_whom, detail, command_id, status, completed_at, reason, method, outcomes)
            VALUES (@incident, @time, @Kind, @By, @Detail, @CommandId, @Status, @completed, @Reason, @Method, @outcomes)
            RETURNING id
            """, new
        {
            incident = incident.Id, time = a.Time.ToUnixTimeMilliseconds(), a.Kind, a.By, a.Detail, a.CommandId, a.Status,
            completed = a.CompletedAt?.ToUnixTimeMilliseconds(), a.Reason, a.Method, outcomes = JsonSerializer.Serialize(a.Outcomes),
        });
    }

    public void UpdateAction(IncidentAction a)
    {
        using var connection = _dialect.Open();
        connection.Execute("""
            UPDATE actions SET status = @Status, completed_at = @completed, reason = @Reason, method = @Method, outcomes = @outcomes
            WHERE id = @Id
            """, new { a.Id, a.Status, completed = a.CompletedAt?.ToUnixTimeMilliseconds(), a.Reason, a.Method, outcomes = JsonSerializer.Serialize(a.Outcomes) });
    }

    public void AddEvidence(Incident incident, StoredEvidence e)
    {
        using var connection = _dialect.Open();
        e.Id = connection.ExecuteScalar<long>("""
            INSERT INTO evidence (incident_id, command_id, directory, exe, exe_sha256, exe_copy, copy_received, copy_verified, bundle)
            VALUES (@incident, @command, @Directory, @exe, @sha, NULL, 0, NULL, @bundle)
            RETURNING id
            """, new
        {
            incident = incident.Id, command = e.Bundle.CommandId, e.Directory, exe = e.Bundle.Exe, sha = e.Bundle.ExeSha256,
            bundle = StoreJson.Protobuf.Format(e.Bundle),
        });
    }

    public void UpdateEvidence(StoredEvidence e)
    {
        using var connection = _dialect.Open();
        connection.Execute("UPDATE evidence SET exe_copy = @ExecutableCopy, copy_received = @CopyReceived, copy_verified = @verified WHERE id = @Id",
            new { e.ExecutableCopy, e.CopyReceived, verified = e.CopyVerified is { } v ? (v ? 1 : 0) : (int?)null, e.Id });
    }

    /// <summary>A host was heard from (hello): known hosts with when they were first and last seen.</summary>
    public void HostSeen(string host, string agentVersion, string bootId, DateTimeOffset time)
    {
        using var connection = _dialect.Open();
        connection.Execute("""
            INSERT INTO hosts (name, first_seen, last_seen, agent_version, boot_id, collector) VALUES (@host, @time, @time, @agentVersion, @bootId, @collector)
            ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen, agent_version = excluded.agent_version,
              boot_id = excluded.boot_id, collector = excluded.collector
            """, new { host, time = time.ToUnixTimeMilliseconds(), agentVersion, bootId, collector = _collector });
    }

    private IncidentRow Row(Incident i, bool withEvidence = false) => new()
    {
        Id = i.Id,
        Host = i.Host,
        Uid = i.Uid,
        User = i.User,
        RootPid = i.RootPid,
        RootStartTicks = (long)i.RootStartTicks,
        OffenderPid = i.OffenderPid,
        OffenderStartTicks = (long)i.OffenderStartTicks,
        OffenderComm = i.OffenderComm,
        OffenderExe = i.OffenderExe,
        FirstSeen = Ms(i.FirstSeen),
        OpenedAt = Ms(i.OpenedAt),
        LastActivity = Ms(i.LastActivity),
        Verdict = i.Verdict.ToString(),
        Score = i.Score,
        Severity = i.Severity,
        Status = i.Status.ToString(),
        VerdictTimes = JsonSerializer.Serialize(i.VerdictTimes.ToDictionary(v => v.Key.ToString(), v => Ms(v.Value))),
        Evidence = withEvidence && i.Evidence is not null ? JsonSerializer.Serialize(i.Evidence, StoreJson.Options) : null,
        Collector = _collector,
    };

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
