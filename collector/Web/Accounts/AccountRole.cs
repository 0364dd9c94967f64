namespace HsGuard.Collector.Web.Accounts;

public enum AccountRole
{
    /// <summary>Sees every incident and host, and acts.</summary>
    Hostmaster,
    /// <summary>Sees the incidents of its own member only, and cannot act.</summary>
    Member,
    /// <summary>Reads /metrics only (a Prometheus server's token): sees no incident and cannot act.</summary>
    Monitor,
}
