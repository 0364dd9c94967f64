using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HsGuard.Protocol.Security;

namespace HsGuard.Collector.Security;

/// <summary>
/// The three kinds of certificate the collector's authority makes (RFC 5280 profiles): its own
/// root, the collector's server certificate, and an agent's client certificate. All keys are
/// ECDSA P-256 signed with SHA-256; key usages and basic constraints are marked critical.
/// </summary>
internal static class CertificateRequests
{
    public static CertificateRequest Authority(ECDsa key, string commonName)
    {
        var request = new CertificateRequest(Name(commonName), key, HashAlgorithmName.SHA256);
        // A CA that signs end-entity certificates only: no intermediate below it (path length 0).
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(pathLengthConstraint: 0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request;
    }

    public static CertificateRequest Server(ECDsa key, string commonName, IEnumerable<string> names, X509Certificate2 authority)
    {
        var request = EndEntity(key, commonName, PrivateCaTrust.ServerAuthentication, authority);
        var san = new SubjectAlternativeNameBuilder();
        foreach (string name in names)
        {
            if (TryParseIpAddress(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }
        request.CertificateExtensions.Add(san.Build());
        return request;
    }

    /// <summary>CN=host and DNS=host: the host an agent speaks for is the name in its certificate.</summary>
    public static CertificateRequest Client(ECDsa key, string host, X509Certificate2 authority)
    {
        var request = EndEntity(key, host, PrivateCaTrust.ClientAuthentication, authority);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        return request;
    }

    /// <summary>An address written the usual way ("10.0.0.1", "::1"), not the shorthand forms
    /// IPAddress also reads ("10.1" is 10.0.0.1 to it, and a DNS label to us).</summary>
    public static bool TryParseIpAddress(string name, out IPAddress address) =>
        IPAddress.TryParse(name, out address!) && (name.Contains(':', StringComparison.Ordinal) || name.Count(c => c == '.') == 3);

    private static CertificateRequest EndEntity(ECDsa key, string commonName, string usage, X509Certificate2 authority)
    {
        var request = new CertificateRequest(Name(commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return request;
    }

    private static X500DistinguishedName Name(string commonName)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        return name.Build();
    }
}
