using System.Security.Cryptography.X509Certificates;
using HsGuard.Protocol.Security;

namespace HsGuard.Collector.Security;

/// <summary>
/// Decides, at each agent's TLS handshake, whether its client certificate lets it in: issued by
/// this collector's CA (and no other: the machine's trust store plays no part), a client
/// certificate, within its validity, and not in revoked.txt. Every refusal is logged once, with
/// its reason.
/// </summary>
internal sealed class AgentCertificateValidator
{
    private readonly TimeProvider _time;
    private readonly ILogger<AgentCertificateValidator> _log;
    private readonly Lazy<X509Certificate2> _authority;
    private readonly RevocationListFile _revocations;

    public AgentCertificateValidator(CertificateAuthority authority, TimeProvider time, ILogger<AgentCertificateValidator> log)
    {
        _time = time;
        _log = log;
        // Loaded at the first handshake: on a first start the authority is created after this is made.
        _authority = new Lazy<X509Certificate2>(authority.LoadCertificate);
        _revocations = new RevocationListFile(authority.RevocationListPath, time);
    }

    /// <param name="certificate">What the peer presented; null when it presented none.</param>
    /// <param name="remote">The peer's address, for the log.</param>
    public bool Validate(X509Certificate? certificate, string remote)
    {
        if (certificate is null)
        {
            SecurityLog.NoCertificate(_log, remote);
            return false;
        }
        using var owned = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var presented = owned ?? (X509Certificate2)certificate;
        string subject = presented.Subject;
        string serial = presented.SerialNumber;
        switch (PrivateCaTrust.Verify(presented, _authority.Value, PrivateCaTrust.ClientAuthentication, _time.GetUtcNow(), out string detail))
        {
            case CertificateVerdict.Valid:
                break;
            case CertificateVerdict.UnknownIssuer:
                SecurityLog.UnknownIssuer(_log, subject, serial, remote, presented.Issuer);
                return false;
            case CertificateVerdict.Expired:
                SecurityLog.Expired(_log, subject, serial, remote, presented.NotAfter.ToUniversalTime());
                return false;
            case CertificateVerdict.NotYetValid:
                SecurityLog.NotYetValid(_log, subject, serial, remote, presented.NotBefore.ToUniversalTime());
                return false;
            case CertificateVerdict.WrongUsage:
                SecurityLog.WrongUsage(_log, subject, serial, remote);
                return false;
            default:
                SecurityLog.Invalid(_log, subject, serial, remote, detail);
                return false;
        }
        RevocationList revoked;
        try
        {
            revoked = _revocations.Current();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // Fail closed: a list that cannot be read might hold this very serial.
            SecurityLog.RevocationListUnreadable(_log, subject, serial, remote, e.Message);
            return false;
        }
        if (revoked.Find(serial) is { } revocation)
        {
            SecurityLog.Revoked(_log, subject, serial, remote, revocation.RevokedAt);
            return false;
        }
        return true;
    }

    /// <summary>Why a certificate that was let in must not stay in: revoked since its handshake
    /// (revoked.txt changed), or the list became unreadable (fail closed). Null while it may stay.
    /// Checked by the agent's stream at each batch, so that revoking a host ends its open call.</summary>
    public string? RevokedSince(X509Certificate2 certificate)
    {
        try
        {
            return _revocations.Current().Find(certificate.SerialNumber) is { } revocation
                ? $"certificate {certificate.SerialNumber} was revoked at {revocation.RevokedAt:u}"
                : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return "the revocation list cannot be read: " + e.Message;
        }
    }
}
