using System.Diagnostics;
using System.Globalization;
using Dapper;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Members;
using HsGuard.Collector.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HsGuard.Bench.Triage;

/// <summary>
/// A SQLite store (a temporary file) filled with synthetic incidents, each with one finding: 50
/// hosts, 40 packages of 3 users each, severities mixed, nine in ten closed. Then each page is read
/// through <see cref="IncidentStore.LoadPage"/> (the list's only store query) <c>reps</c> times
/// after two warm-ups, and the median shown: the newest page, the page in the middle and the page
/// just above the oldest 1% of incidents, with no filter, with a host and open ones only, and as
/// one member sees them.
/// </summary>
internal static class IncidentListBenchmark
{
    public static void Run(int count, int limit, int reps, TextWriter output)
    {
        var ci = CultureInfo.InvariantCulture;
        string directory = Directory.CreateTempSubdirectory("hsguard-bench-list-").FullName;
        try
        {
            var store = new IncidentStore(Options.Create(new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = Path.Combine(directory, "hsguard.db") }),
                Options.Create(new CollectorOptions { StateDirectory = directory }), NullLogger<IncidentStore>.Instance);
            store.Migrate();
            var fill = Stopwatch.StartNew();
            Fill(store, count);
            output.WriteLine(string.Create(ci, $"{count:N0} incidents in SQLite (filled in {fill.Elapsed.TotalSeconds:F1} s, {new FileInfo(Path.Combine(directory, "hsguard.db")).Length / 1048576.0:F0} MiB); {limit} a page, median of {reps}"));
            output.WriteLine();
            output.WriteLine("| list | page | incidents | ms |");
            output.WriteLine("|---|---|---:|---:|");
            var members = new MemberDirectory(Options.Create(new MembersOptions()), store, NullLogger<MemberDirectory>.Instance);
            long middle = count / 2, deep = count / 100;
            (string Name, IncidentQuery Query)[] lists =
            [
                ("all", new IncidentQuery(Limit: limit)),
                ("host web7, open", new IncidentQuery(Host: "web7", OpenOnly: true, Limit: limit)),
                ("member pkg07 (its own view)", new IncidentQuery(Members: [members.Scope("pkg07")], Limit: limit)),
            ];
            foreach (var (name, query) in lists)
            {
                foreach (var (page, before) in new[] { ("first", (long?)null), ($"before {middle:N0}", middle), ($"before {deep:N0}", deep) })
                {
                    var (incidents, ms) = Time(store, query with { Before = before }, reps);
                    output.WriteLine(string.Create(ci, $"| {name} | {page} | {incidents} | {ms:F1} |"));
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int Incidents, double Ms) Time(IncidentStore store, IncidentQuery query, int reps)
    {
        int incidents = 0;
        var times = new List<double>();
        for (int n = 0; n < reps + 2; n++)
        {
            var watch = Stopwatch.StartNew();
            incidents = store.LoadPage(query).Incidents.Count;
            if (n >= 2)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        times.Sort();
        return (incidents, times[times.Count / 2]);
    }

    /// <summary>Rows as the journal writes them, in one transaction (the journal's own path costs two
    /// transactions an incident, which is not what is measured here).</summary>
    private static void Fill(IncidentStore store, int count)
    {
        string[] severities = ["WARNING", "WARNING", "ERROR", "NOTICE", "CRITICAL"];
        string[] suffixes = ["web", "mail", "app"];
        using var connection = store.Open();
        using var transaction = connection.BeginTransaction();
        var t0 = new DateTimeOffset(2025, 11, 23, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        for (int n = 0; n < count; n++)
        {
            long opened = t0 + n * 315_000L;
            var row = new
            {
                host = $"web{n % 50}",
                uid = 1000 + n % 120,
                user = $"pkg{n % 40:D2}-{suffixes[n / 40 % 3]}",
                opened,
                severity = severities[n % severities.Length],
                // One in ten open, spread independently of host and user (a multiplicative hash).
                status = (uint)(n * 2654435761L) >> 16 < 6554 ? nameof(IncidentStatus.Suspended) : nameof(IncidentStatus.Closed),
            };
            long id = connection.ExecuteScalar<long>("""
                INSERT INTO incidents (host, uid, user_name, root_pid, root_start_ticks, offender_pid, offender_start_ticks, offender_comm,
                  offender_exe, first_seen, opened_at, last_activity, verdict, score, severity, status, verdict_times, evidence, collector)
                VALUES (@host, @uid, @user, 4242, 5000, 4242, 5000, 'kthreaddi', '/tmp/.x/kthreaddi', @opened, @opened, @opened, 'Suspend', 120,
                  @severity, @status, '{}', NULL, 'bench')
                RETURNING id
                """, row, transaction);
            connection.Execute("""
                INSERT INTO findings (incident_id, rule, weight, priority, tags, pid, start_ticks, output, first_fired, last_fired, times)
                VALUES (@id, 'Kernel thread name on a user program', 120, @severity, '["maturity_stable","T1496"]', 4242, 5000,
                  'kthreaddi looks like kthreadd', @opened, @opened, 1)
                """, new { id, row.severity, row.opened }, transaction);
        }
        transaction.Commit();
    }
}
