namespace HsGuard.Collector.Security;

/// <summary>Where an issued certificate stands, as <c>ca list</c> shows it.</summary>
internal enum CertificateStatus
{
    Valid,
    NotYetValid,
    Expired,
    Revoked,
}
