namespace HsGuard.Collector.Security;

/// <summary>A client certificate the authority issued (its record in issued/), with its revocation if any.</summary>
internal sealed record IssuedCertificate(string Serial, string Host, DateTimeOffset NotBefore, DateTimeOffset NotAfter,
    DateTimeOffset? RevokedAt)
{
    public CertificateStatus StatusAt(DateTimeOffset now) =>
        RevokedAt is not null ? CertificateStatus.Revoked
        : now > NotAfter ? CertificateStatus.Expired
        : now < NotBefore ? CertificateStatus.NotYetValid
        : CertificateStatus.Valid;
}
