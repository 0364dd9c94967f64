namespace HsGuard.Collector.Store;

/// <summary>
/// The schema, as numbered steps applied once each, in order, at start (both databases, the same
/// statements; {id} is the dialect's generated key). Times are Unix milliseconds; structured
/// values (evidence, outcomes) are JSON text. Append steps; never edit an applied one.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> Steps =
    [
        (1, "incidents, findings, actions, evidence, hosts, outbox, member directory", """
            CREATE TABLE hosts (
              name TEXT PRIMARY KEY,
              first_seen BIGINT NOT NULL,
              last_seen BIGINT NOT NULL,
              agent_version TEXT NOT NULL DEFAULT '',
              boot_id TEXT NOT NULL DEFAULT '',
              collector TEXT NOT NULL DEFAULT '');
            CREATE TABLE incidents (
              id {id},
              host TEXT NOT NULL,
              uid BIGINT NOT NULL,
              user_name TEXT NOT NULL,
              member TEXT NULL,
              root_pid INTEGER NOT NULL,
              root_start_ticks BIGINT NOT NULL,
              offender_pid INTEGER NOT NULL,
              offender_start_ticks BIGINT NOT NULL,
              offender_comm TEXT NOT NULL,
              offender_exe TEXT NOT NULL,
              first_seen BIGINT NOT NULL,
              opened_at BIGINT NOT NULL,
              last_activity BIGINT NOT NULL,
              verdict TEXT NOT NULL,
              score INTEGER NOT NULL,
              severity TEXT NOT NULL,
              status TEXT NOT NULL,
              verdict_times TEXT NOT NULL,
              evidence TEXT NULL,
              collector TEXT NOT NULL);
            CREATE INDEX incidents_by_status ON incidents (status, last_activity);
            CREATE INDEX incidents_by_host_user ON incidents (host, uid);
            CREATE TABLE findings (
              incident_id BIGINT NOT NULL REFERENCES incidents (id),
              rule TEXT NOT NULL,
              weight INTEGER NOT NULL,
              priority TEXT NOT NULL,
              tags TEXT NOT NULL,
              pid INTEGER NOT NULL,
              start_ticks BIGINT NOT NULL,
              output TEXT NOT NULL,
              first_fired BIGINT NOT NULL,
              last_fired BIGINT NOT NULL,
              times INTEGER NOT NULL,
              PRIMARY KEY (incident_id, rule));
            CREATE TABLE actions (
              id {id},
              incident_id BIGINT NOT NULL REFERENCES incidents (id),
              time BIGINT NOT NULL,
              kind TEXT NOT NULL,
              by_whom TEXT NOT NULL,
              detail TEXT NOT NULL,
              command_id TEXT NULL,
              status TEXT NULL,
              completed_at BIGINT NULL,
              reason TEXT NULL,
              method TEXT NULL,
              outcomes TEXT NOT NULL);
            CREATE INDEX actions_by_incident ON actions (incident_id);
            CREATE TABLE evidence (
              id {id},
              incident_id BIGINT NOT NULL REFERENCES incidents (id),
              command_id TEXT NOT NULL UNIQUE,
              directory TEXT NOT NULL,
              exe TEXT NOT NULL,
              exe_sha256 TEXT NOT NULL,
              exe_copy TEXT NULL,
              copy_received BIGINT NOT NULL,
              copy_verified INTEGER NULL,
              bundle TEXT NOT NULL);
            CREATE TABLE notifications (
              id {id},
              incident_id BIGINT NOT NULL REFERENCES incidents (id),
              stage TEXT NOT NULL,
              channel TEXT NOT NULL,
              recipient TEXT NOT NULL,
              language TEXT NOT NULL,
              subject TEXT NOT NULL,
              body TEXT NOT NULL,
              status TEXT NOT NULL,
              attempts INTEGER NOT NULL,
              next_attempt_at BIGINT NOT NULL,
              last_error TEXT NULL,
              created_at BIGINT NOT NULL,
              sent_at BIGINT NULL,
              claimed_by TEXT NULL,
              claimed_until BIGINT NULL,
              UNIQUE (incident_id, stage, channel, recipient));
            CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
            CREATE TABLE members (
              name TEXT PRIMARY KEY,
              display_name TEXT NOT NULL,
              emails TEXT NOT NULL,
              language TEXT NOT NULL);
            CREATE TABLE member_users (
              host TEXT NOT NULL,
              user_name TEXT NOT NULL,
              member TEXT NOT NULL,
              PRIMARY KEY (host, user_name));
            """),
        (2, "allow entries (false positives judged by hostmasters)", """
            CREATE TABLE allow_entries (
              id {id},
              host TEXT NULL,
              user_name TEXT NOT NULL,
              executable TEXT NULL,
              reason TEXT NOT NULL,
              created_by TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              incident_id BIGINT NULL REFERENCES incidents (id));
            """),
        (3, "indexes for lists paged by id with their filters in the query", """
            CREATE INDEX incidents_by_host_id ON incidents (LOWER(host), id);
            CREATE INDEX incidents_by_user_id ON incidents (user_name, id);
            CREATE INDEX incidents_by_status_id ON incidents (status, id);
            CREATE INDEX member_users_by_user ON member_users (user_name);
            """),
    ];
}
