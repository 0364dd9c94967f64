namespace HsGuard.Collector.Ingest;

/// <summary>Where known hosts are written: when each was first and last heard from, with what agent.</summary>
internal interface IHostJournal
{
    void HostSeen(string host, string agentVersion, string bootId, DateTimeOffset time);
}
