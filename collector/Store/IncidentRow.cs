namespace HsGuard.Collector.Store;

/// <summary>An incident as the incidents table holds it (times in Unix milliseconds). Settable
/// properties, so that Dapper converts SQLite's and PostgreSQL's integer types alike.</summary>
internal sealed class IncidentRow
{
    public long Id { get; set; }
    public string Host { get; set; } = "";
    public long Uid { get; set; }
    public string User { get; set; } = "";
    public long RootPid { get; set; }
    public long RootStartTicks { get; set; }
    public long OffenderPid { get; set; }
    public long OffenderStartTicks { get; set; }
    public string OffenderComm { get; set; } = "";
    public string OffenderExe { get; set; } = "";
    public long FirstSeen { get; set; }
    public long OpenedAt { get; set; }
    public long LastActivity { get; set; }
    public string Verdict { get; set; } = "";
    public long Score { get; set; }
    public string Severity { get; set; } = "";
    public string Status { get; set; } = "";
    public string VerdictTimes { get; set; } = "{}";
    public string? Evidence { get; set; }
    public string Collector { get; set; } = "";
}
