namespace HsGuard.Collector.Security;

/// <summary>The collector's TLS and certificate authority. Every refused agent is one warning with
/// its own event id (4010-4016), naming the peer, the certificate and why.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(4001, LogLevel.Information, "Created the certificate authority in {Directory} (first start); issue each agent's certificate with 'hsguard-collector ca issue HOST --out DIR'")]
    public static partial void AuthorityCreated(ILogger logger, string directory);

    [LoggerMessage(4002, LogLevel.Information, "Issued a new server certificate for {Names}: {Reason}")]
    public static partial void ServerCertificateIssued(ILogger logger, string names, string reason);

    [LoggerMessage(4010, LogLevel.Warning, "Refused agent connection from {Remote}: no client certificate")]
    public static partial void NoCertificate(ILogger logger, string remote);

    [LoggerMessage(4011, LogLevel.Warning, "Refused agent certificate {Subject} serial={Serial} from {Remote}: not issued by this collector's CA (issuer {Issuer})")]
    public static partial void UnknownIssuer(ILogger logger, string subject, string serial, string remote, string issuer);

    [LoggerMessage(4012, LogLevel.Warning, "Refused agent certificate {Subject} serial={Serial} from {Remote}: expired on {NotAfter:u}")]
    public static partial void Expired(ILogger logger, string subject, string serial, string remote, DateTimeOffset notAfter);

    [LoggerMessage(4013, LogLevel.Warning, "Refused agent certificate {Subject} serial={Serial} from {Remote}: not valid before {NotBefore:u}")]
    public static partial void NotYetValid(ILogger logger, string subject, string serial, string remote, DateTimeOffset notBefore);

    [LoggerMessage(4014, LogLevel.Warning, "Refused agent certificate {Subject} serial={Serial} from {Remote}: revoked on {RevokedAt:u}")]
    public static partial void Revoked(ILogger logger, string subject, string serial, string remote, DateTimeOffset revokedAt);

    [LoggerMessage(4015, LogLevel.Warning, "Refused agent certificate {Subject} serial={Serial} from {Remote}: not a client certificate (its extended key usage lacks clientAuth)")]
    public static partial void WrongUsage(ILogger logger, string subject, string serial, string remote);

    [LoggerMessage(4016, LogLevel.Warning, "Refused agent certificate {Subject} serial={Serial} from {Remote}: invalid ({Detail})")]
    public static partial void Invalid(ILogger logger, string subject, string serial, string remote, string detail);

    [LoggerMessage(4017, LogLevel.Error, "Refused agent certificate {Subject} serial={Serial} from {Remote}: the revocation list cannot be read ({Reason}), so no agent is let in until it is fixed")]
    public static partial void RevocationListUnreadable(ILogger logger, string subject, string serial, string remote, string reason);
}
