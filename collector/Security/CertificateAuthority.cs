using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HsGuard.Protocol.Hosting;
using HsGuard.Protocol.Security;

namespace HsGuard.Collector.Security;

/// <summary>
/// The collector's own certificate authority, kept as files in one directory (0700): ca.crt and
/// ca.key (0600), the collector's server.crt and server.key, issued/SERIAL.crt for every client
/// certificate issued (the record <c>ca list</c> reads; the client's key is never kept here), and
/// revoked.txt (<see cref="RevocationList"/>). Keys are ECDSA P-256. Shared by the running
/// collector and the <c>ca</c> command, which may run beside it: every file is replaced whole, and
/// changes are made under a lock file.
/// </summary>
internal sealed class CertificateAuthority
{
    /// <summary>Certificates start an hour back, so that a host whose clock is a little behind accepts them.</summary>
    private static readonly TimeSpan Backdate = TimeSpan.FromHours(1);
    private static readonly TimeSpan AuthorityValidity = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ServerValidity = TimeSpan.FromDays(825);

    /// <summary>A server certificate with less left than this is renewed at start.</summary>
    private static readonly TimeSpan ServerRenewal = TimeSpan.FromDays(30);

    private readonly TimeProvider _time;

    public CertificateAuthority(string directory, TimeProvider time)
    {
        Directory = Path.GetFullPath(directory);
        _time = time;
    }

    public string Directory { get; }

    public string CertificatePath => Path.Combine(Directory, "ca.crt");

    public string RevocationListPath => Path.Combine(Directory, RevocationList.FileName);

    private string KeyPath => Path.Combine(Directory, "ca.key");

    private string ServerCertificatePath => Path.Combine(Directory, "server.crt");

    private string ServerKeyPath => Path.Combine(Directory, "server.key");

    private string IssuedDirectory => Path.Combine(Directory, "issued");

    public bool Exists => File.Exists(CertificatePath) || File.Exists(KeyPath);

    /// <summary>Creates the authority and the server certificate. An existing authority is refused
    /// unless <paramref name="force"/>; then it moves, with its records, to old-TIME/.</summary>
    /// <returns>Where the replaced authority went; null when there was none.</returns>
    public string? Create(IReadOnlyCollection<string> serverNames, bool force)
    {
        string? replaced = null;
        using var lockFile = PkiFiles.Lock(Directory);
        if (Exists)
        {
            if (!force)
            {
                throw new CertificateAuthorityException(
                    $"a certificate authority already exists in {Directory}; 'ca init --force' replaces it (keeping the old one in old-TIME/), and every agent then needs a new certificate");
            }
            replaced = MoveAside();
        }
        var now = _time.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string name = string.Create(CultureInfo.InvariantCulture, $"HsGuard collector CA {Environment.MachineName} {now:yyyy-MM-dd'T'HHmmss'Z'}");
        using var authority = CertificateRequests.Authority(key, name).CreateSelfSigned(now - Backdate, now + AuthorityValidity);
        PkiFiles.Write(KeyPath, key.ExportPkcs8PrivateKeyPem() + "\n", PkiFiles.PrivateFile, overwrite: false);
        PkiFiles.WriteCertificate(CertificatePath, authority);
        IssueServerCertificate(authority, serverNames);
        return replaced;
    }

    /// <summary>Issues a new server certificate when there is none, it is not from this authority,
    /// it expires within 30 days, or it names other than <paramref name="serverNames"/>.</summary>
    /// <returns>Why it was issued; null when the one there was kept.</returns>
    public string? EnsureServerCertificate(IReadOnlyCollection<string> serverNames)
    {
        using var lockFile = PkiFiles.Lock(Directory);
        using var authority = LoadAuthority();
        string? reason = WhyRenew(authority, serverNames);
        if (reason is not null)
        {
            IssueServerCertificate(authority, serverNames);
        }
        return reason;
    }

    /// <summary>The authority's certificate, without its key: what agents and the validator trust.</summary>
    public X509Certificate2 LoadCertificate() => Load(() => PkiFiles.ReadCertificate(CertificatePath));

    /// <summary>The collector's server certificate with its key.</summary>
    public X509Certificate2 LoadServerCertificate() => Load(() => X509Certificate2.CreateFromPemFile(ServerCertificatePath, ServerKeyPath));

    /// <summary>A client certificate for <paramref name="host"/>, valid from now for <paramref name="validity"/>.</summary>
    public X509Certificate2 Issue(string host, TimeSpan validity)
    {
        var now = _time.GetUtcNow();
        return Issue(host, now - Backdate, now + validity);
    }

    /// <summary>A client certificate (with its new private key) for <paramref name="host"/>, recorded
    /// in issued/, within the authority's own validity.</summary>
    public X509Certificate2 Issue(string host, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (!HostNames.IsValid(host))
        {
            throw new CertificateAuthorityException(NotAHostName(host));
        }
        using var lockFile = PkiFiles.Lock(Directory);
        using var authority = LoadAuthority();
        if (notBefore < authority.NotBefore)
        {
            notBefore = authority.NotBefore;
        }
        if (notAfter > authority.NotAfter)
        {
            notAfter = authority.NotAfter;
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = CertificateRequests.Client(key, host, authority).Create(authority, notBefore, notAfter, NewSerial());
        PkiFiles.CreatePrivateDirectory(IssuedDirectory);
        PkiFiles.WriteCertificate(Path.Combine(IssuedDirectory, certificate.SerialNumber + ".crt"), certificate);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>Issues a client certificate for <paramref name="host"/> and writes what its agent
    /// needs into <paramref name="directory"/> (created 0700): HOST.crt, HOST.key (0600) and ca.crt.</summary>
    public AgentCertificateFiles IssueFiles(string host, TimeSpan validity, string directory)
    {
        using var certificate = Issue(host, validity);
        using var key = certificate.GetECDsaPrivateKey()!;
        System.IO.Directory.CreateDirectory(directory, PkiFiles.PrivateDirectory);
        var files = new AgentCertificateFiles(
            Path.Combine(directory, host + ".crt"),
            Path.Combine(directory, host + ".key"),
            Path.Combine(directory, "ca.crt"),
            certificate.SerialNumber,
            certificate.NotAfter.ToUniversalTime());
        PkiFiles.WriteCertificate(files.CertificateFile, certificate);
        PkiFiles.Write(files.KeyFile, key.ExportPkcs8PrivateKeyPem() + "\n", PkiFiles.PrivateFile);
        File.Copy(CertificatePath, files.CaFile, overwrite: true);
        return files;
    }

    public static string NotAHostName(string host) =>
        $"'{host}' is not a host name: use letters, digits and hyphens, in dot-separated labels of at most 63 characters";

    /// <summary>Every certificate issued, oldest first, with its revocation.</summary>
    public IReadOnlyList<IssuedCertificate> List()
    {
        if (!System.IO.Directory.Exists(IssuedDirectory))
        {
            return [];
        }
        var revoked = RevocationList.Read(RevocationListPath);
        var issued = new List<IssuedCertificate>();
        foreach (string file in System.IO.Directory.EnumerateFiles(IssuedDirectory, "*.crt"))
        {
            using var certificate = PkiFiles.ReadCertificate(file);
            issued.Add(new IssuedCertificate(certificate.SerialNumber, certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
                new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
                revoked.Find(certificate.SerialNumber)?.RevokedAt));
        }
        return [.. issued.OrderBy(c => c.NotBefore).ThenBy(c => c.Host, StringComparer.Ordinal)];
    }

    /// <summary>Revokes every certificate of <paramref name="host"/> not yet revoked.</summary>
    /// <returns>Those newly revoked; empty when all already were.</returns>
    public IReadOnlyList<IssuedCertificate> RevokeHost(string host) =>
        Revoke(c => string.Equals(c.Host, host, StringComparison.OrdinalIgnoreCase),
            $"no certificate was issued for host '{host}' (see 'ca list')");

    /// <summary>Revokes the certificate with <paramref name="serial"/> (hex; colons and case do not matter).</summary>
    public IReadOnlyList<IssuedCertificate> RevokeSerial(string serial)
    {
        string normalized = serial.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant();
        return Revoke(c => c.Serial == normalized, $"no certificate with serial '{serial}' was issued by this authority (see 'ca list')");
    }

    private List<IssuedCertificate> Revoke(Func<IssuedCertificate, bool> which, string unknown)
    {
        using var lockFile = PkiFiles.Lock(Directory);
        var matching = List().Where(which).ToList();
        if (matching.Count == 0)
        {
            throw new CertificateAuthorityException(unknown);
        }
        var now = _time.GetUtcNow();
        var revoking = matching.Where(c => c.RevokedAt is null).Select(c => c with { RevokedAt = now }).ToList();
        if (revoking.Count > 0)
        {
            RevocationList.Read(RevocationListPath)
                .With(revoking.Select(c => new RevokedCertificate(c.Serial, c.Host, now)))
                .Write(RevocationListPath);
        }
        return revoking;
    }

    private void IssueServerCertificate(X509Certificate2 authority, IReadOnlyCollection<string> serverNames)
    {
        var now = _time.GetUtcNow();
        var notAfter = now + ServerValidity < authority.NotAfter ? now + ServerValidity : new DateTimeOffset(authority.NotAfter);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = CertificateRequests.Server(key, serverNames.First(), serverNames, authority)
            .Create(authority, now - Backdate, notAfter, NewSerial());
        PkiFiles.Write(ServerKeyPath, key.ExportPkcs8PrivateKeyPem() + "\n", PkiFiles.PrivateFile);
        PkiFiles.WriteCertificate(ServerCertificatePath, certificate);
    }

    private string? WhyRenew(X509Certificate2 authority, IReadOnlyCollection<string> serverNames)
    {
        if (!File.Exists(ServerCertificatePath) || !File.Exists(ServerKeyPath))
        {
            return "there was none";
        }
        using var server = PkiFiles.ReadCertificate(ServerCertificatePath);
        var verdict = PrivateCaTrust.Verify(server, authority, PrivateCaTrust.ServerAuthentication, _time.GetUtcNow() + ServerRenewal, out _);
        if (verdict != CertificateVerdict.Valid)
        {
            return verdict == CertificateVerdict.Expired
                ? string.Create(CultureInfo.InvariantCulture, $"the previous one expires on {server.NotAfter.ToUniversalTime():yyyy-MM-dd}")
                : "the previous one was not issued by this authority";
        }
        var named = server.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return named.SetEquals(serverNames.Select(Canonical)) ? null : "the server names changed";
    }

    /// <summary>A name as the certificate gives it back ("::1" for "0:0::1").</summary>
    private static string Canonical(string name) =>
        CertificateRequests.TryParseIpAddress(name, out var address) ? address.ToString() : name;

    private X509Certificate2 LoadAuthority() => Load(() => X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath));

    private T Load<T>(Func<T> load)
    {
        if (!Exists)
        {
            throw new CertificateAuthorityException($"there is no certificate authority in {Directory}: run 'hsguard-collector ca init' (or start the collector once)");
        }
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CertificateAuthorityException($"the certificate authority in {Directory} cannot be read:", e);
        }
    }

    /// <summary>A random positive serial of 16 bytes (RFC 5280 allows up to 20), its first byte non-zero
    /// so that the hex form X509Certificate2 gives back is these bytes.</summary>
    private static byte[] NewSerial()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x10);
        return serial;
    }

    private string MoveAside()
    {
        string stem = Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"old-{_time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}"));
        string old = stem;
        for (int n = 2; System.IO.Directory.Exists(old); n++)
        {
            old = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}");
        }
        PkiFiles.CreatePrivateDirectory(old);
        foreach (string path in new[] { CertificatePath, KeyPath, ServerCertificatePath, ServerKeyPath, RevocationListPath })
        {
            if (File.Exists(path))
            {
                File.Move(path, Path.Combine(old, Path.GetFileName(path)));
            }
        }
        if (System.IO.Directory.Exists(IssuedDirectory))
        {
            System.IO.Directory.Move(IssuedDirectory, Path.Combine(old, "issued"));
        }
        return old;
    }
}
