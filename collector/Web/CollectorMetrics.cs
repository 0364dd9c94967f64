using HsGuard.Collector.Detection.Allow;
using HsGuard.Collector.Ingest;
using HsGuard.Collector.Store;
using Prometheus;

namespace HsGuard.Collector.Web;

/// <summary>
/// What /metrics shows, read when Prometheus scrapes (nothing is counted on the ingest path): the
/// hosts from the registry, the incidents, actions and notices from the store (so the counts hold
/// across restarts). A registry of its own per collector, not prometheus-net's static default, so
/// that two collectors in one process (tests) never mix their numbers. The runtime's memory and GC
/// figures too (<see cref="RuntimeMemoryMetrics"/>).
/// </summary>
internal sealed class CollectorMetrics
{
    public CollectorMetrics(HostRegistry hosts, IncidentStore store, AllowList allowed)
    {
        Registry = Metrics.NewCustomRegistry();
        RuntimeMemoryMetrics.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        var connected = factory.CreateGauge("hsguard_hosts_connected", "Hosts whose agent is connected now.");
        var known = factory.CreateGauge("hsguard_hosts_known", "Hosts heard from since the collector started.");
        var samples = factory.CreateCounter("hsguard_samples_ingested_total", "Process samples applied from the agents' batches.");
        var batches = factory.CreateCounter("hsguard_batches_ingested_total", "Batches applied from the agents (resends not counted).");
        var incidents = factory.CreateGauge("hsguard_incidents", "Incidents in the store by verdict, open or not.", "verdict", "state");
        var actions = factory.CreateCounter("hsguard_actions_total", "Actions on incidents by kind, by the policy or a hostmaster.", "kind", "by");
        var notices = factory.CreateGauge("hsguard_notifications", "Notices in the outbox by status; pending is the backlog.", "status");
        var allowEntries = factory.CreateGauge("hsguard_allow_entries", "Allow entries (false positives) in force.");
        Registry.AddBeforeCollectCallback(() =>
        {
            connected.Set(hosts.ConnectedCount);
            var states = hosts.Hosts.ToList();
            known.Set(states.Count);
            long sampleCount = 0, batchCount = 0;
            foreach (var host in states)
            {
                lock (host.Gate)
                {
                    sampleCount += host.SamplesApplied;
                    batchCount += host.BatchesApplied;
                }
            }
            samples.IncTo(sampleCount);
            batches.IncTo(batchCount);
            foreach (var verdict in new[] { "Record", "Alert", "Suspend" })
            {
                // Every series present, at 0 too: an alert on a rate needs the series to exist.
                incidents.WithLabels(verdict.ToLowerInvariant(), "open").Set(0);
                incidents.WithLabels(verdict.ToLowerInvariant(), "closed").Set(0);
            }
            foreach (var (verdict, open, count) in store.IncidentCounts())
            {
                incidents.WithLabels(verdict.ToLowerInvariant(), open ? "open" : "closed").Set(count);
            }
            foreach (var (kind, byPolicy, count) in store.ActionCounts())
            {
                actions.WithLabels(kind, byPolicy ? "policy" : "hostmaster").IncTo(count);
            }
            notices.WithLabels("pending").Set(0);
            foreach (var (status, count) in store.NoticeCounts())
            {
                notices.WithLabels(status).Set(count);
            }
            allowEntries.Set(allowed.Entries.Count);
        });
    }

    public CollectorRegistry Registry { get; }
}
