using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HsGuard.Protocol.Security;

/// <summary>
/// Checks a peer's certificate against exactly one certificate authority, HsGuard's own (the
/// collector's <c>ca.crt</c>): the machine's trust store plays no part, nothing is downloaded, and
/// the certificate must be signed by that CA directly and name the usage asked for in its
/// extended key usage. Revocation is the collector's own list, not checked here.
/// </summary>
public static class PrivateCaTrust
{
    /// <summary>id-kp-serverAuth (RFC 5280, 4.2.1.12).</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>id-kp-clientAuth (RFC 5280, 4.2.1.12).</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public static CertificateVerdict Verify(X509Certificate2 certificate, X509Certificate2 authority, string usage,
        DateTimeOffset at, out string detail)
    {
        detail = "";
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(authority);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = at.UtcDateTime;
        policy.ApplicationPolicy.Add(new Oid(usage));
        try
        {
            bool built = chain.Build(certificate);
            var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
            // Only a leaf signed directly by the authority: [leaf, CA]. The CA itself presented
            // as a leaf has no usage to show and is refused too.
            bool direct = chain.ChainElements.Count == 2
                && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span);
            const X509ChainStatusFlags issuerFlags = X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot
                | X509ChainStatusFlags.NotSignatureValid;
            if ((flags & issuerFlags) != 0 || !direct)
            {
                return CertificateVerdict.UnknownIssuer;
            }
            if (at.UtcDateTime > certificate.NotAfter.ToUniversalTime())
            {
                return CertificateVerdict.Expired;
            }
            if (at.UtcDateTime < certificate.NotBefore.ToUniversalTime())
            {
                return CertificateVerdict.NotYetValid;
            }
            if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0 || !NamesUsage(certificate, usage))
            {
                return CertificateVerdict.WrongUsage;
            }
            if (!built)
            {
                detail = flags.ToString();
                return CertificateVerdict.Invalid;
            }
            return CertificateVerdict.Valid;
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    /// <summary>A certificate without the extension is good for every usage in X.509; ours always
    /// say what they are for, so one that does not is refused.</summary>
    private static bool NamesUsage(X509Certificate2 certificate, string usage) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == usage));
}
