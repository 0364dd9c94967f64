using System.Security.Cryptography.X509Certificates;
using HsGuard.Collector.Security;
using HsGuard.Protocol.Security;
using HsGuard.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HsGuard.Collector.Tests.Security;

public sealed class CertificateAuthorityTests : IDisposable
{
    private static readonly string[] ServerNames = ["collector.test", "127.0.0.1", "::1"];

    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly CertificateAuthority _authority;

    public CertificateAuthorityTests()
    {
        _authority = new CertificateAuthority(_directory.Combine("pki"), _time);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Create_EmptyDirectory_KeysReadableByOwnerOnly()
    {
        _authority.Create(ServerNames, force: false);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_authority.Directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_directory.Combine("pki", "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_directory.Combine("pki", "server.key")));
        using var ca = _authority.LoadCertificate();
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        using var key = ca.GetECDsaPublicKey();
        Assert.Equal("1.2.840.10045.3.1.7", key!.ExportParameters(false).Curve.Oid.Value); // P-256
    }

    [Fact]
    public void Create_Existing_RefusedWithoutForce()
    {
        _authority.Create(ServerNames, force: false);
        string before = File.ReadAllText(_authority.CertificatePath);

        var e = Assert.Throws<CertificateAuthorityException>(() => _authority.Create(ServerNames, force: false));

        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        Assert.Contains("--force", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(_authority.CertificatePath));
    }

    [Fact]
    public void Create_Force_KeepsThePreviousAuthorityAside()
    {
        _authority.Create(ServerNames, force: false);
        _authority.Issue("web1", TimeSpan.FromDays(1)).Dispose();
        string before = File.ReadAllText(_authority.CertificatePath);
        _time.Advance(TimeSpan.FromSeconds(1));

        string? old = _authority.Create(ServerNames, force: true);

        Assert.NotNull(old);
        Assert.Equal(before, File.ReadAllText(Path.Combine(old, "ca.crt")));
        Assert.NotEqual(before, File.ReadAllText(_authority.CertificatePath));
        Assert.Single(Directory.GetFiles(Path.Combine(old, "issued")));
        Assert.Empty(_authority.List());
    }

    [Fact]
    public void Issue_Host_ClientCertificateForThatHostFromThisCa()
    {
        _authority.Create(ServerNames, force: false);

        using var certificate = _authority.Issue("web1.example.org", TimeSpan.FromDays(10));

        Assert.Equal("CN=web1.example.org", certificate.Subject);
        Assert.Equal(["web1.example.org"], certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(_time.GetUtcNow().AddDays(10), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        using var ca = _authority.LoadCertificate();
        Assert.Equal(CertificateVerdict.Valid, PrivateCaTrust.Verify(certificate, ca, PrivateCaTrust.ClientAuthentication, _time.GetUtcNow(), out _));
        Assert.Equal(CertificateVerdict.WrongUsage, PrivateCaTrust.Verify(certificate, ca, PrivateCaTrust.ServerAuthentication, _time.GetUtcNow(), out _));
    }

    [Theory]
    [InlineData("web_1")]
    [InlineData("-web1")]
    [InlineData("web1/../../etc")]
    [InlineData("web1,O=evil")]
    [InlineData("")]
    public void Issue_NotAHostName_Refused(string host)
    {
        _authority.Create(ServerNames, force: false);

        var e = Assert.Throws<CertificateAuthorityException>(() => _authority.Issue(host, TimeSpan.FromDays(1)));

        Assert.Contains("is not a host name", e.Message, StringComparison.Ordinal);
        Assert.Empty(_authority.List());
    }

    [Fact]
    public void Issue_NoAuthority_SaysHowToMakeOne()
    {
        var e = Assert.Throws<CertificateAuthorityException>(() => _authority.Issue("web1", TimeSpan.FromDays(1)));

        Assert.Contains("ca init", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_IssuedExpiredRevoked_EachWithItsStatus()
    {
        _authority.Create(ServerNames, force: false);
        _authority.Issue("web1", TimeSpan.FromDays(1)).Dispose();
        _authority.Issue("web2", TimeSpan.FromDays(30)).Dispose();
        _authority.Issue("web3", TimeSpan.FromDays(30)).Dispose();
        _authority.RevokeHost("web3");
        _time.Advance(TimeSpan.FromDays(2));

        var statuses = _authority.List().ToDictionary(c => c.Host, c => c.StatusAt(_time.GetUtcNow()));

        Assert.Equal(CertificateStatus.Expired, statuses["web1"]);
        Assert.Equal(CertificateStatus.Valid, statuses["web2"]);
        Assert.Equal(CertificateStatus.Revoked, statuses["web3"]);
    }

    [Fact]
    public void RevokeHost_TwoCertificates_BothRevokedOnce()
    {
        _authority.Create(ServerNames, force: false);
        _authority.Issue("web1", TimeSpan.FromDays(1)).Dispose();
        _authority.Issue("web1", TimeSpan.FromDays(1)).Dispose();

        Assert.Equal(2, _authority.RevokeHost("WEB1").Count);
        Assert.Empty(_authority.RevokeHost("web1"));
        Assert.Equal(2, RevocationList.Read(_authority.RevocationListPath).Count);
    }

    [Fact]
    public void RevokeSerial_WithColonsAndLowerCase_Found()
    {
        _authority.Create(ServerNames, force: false);
        using var certificate = _authority.Issue("web1", TimeSpan.FromDays(1));
        string spelled = string.Join(':', certificate.SerialNumber.Chunk(2).Select(c => new string(c))).ToLowerInvariant();

        var revoked = Assert.Single(_authority.RevokeSerial(spelled));

        Assert.Equal(certificate.SerialNumber, revoked.Serial);
    }

    [Fact]
    public void RevokeHost_NeverIssued_Refused()
    {
        _authority.Create(ServerNames, force: false);
        _authority.Issue("web1", TimeSpan.FromDays(1)).Dispose();

        var e = Assert.Throws<CertificateAuthorityException>(() => _authority.RevokeHost("web2"));

        Assert.Contains("'web2'", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_authority.RevocationListPath));
    }

    [Fact]
    public void EnsureServerCertificate_Unchanged_Kept()
    {
        _authority.Create(ServerNames, force: false);

        Assert.Null(_authority.EnsureServerCertificate(ServerNames));
    }

    [Fact]
    public void EnsureServerCertificate_NamesChanged_Reissued()
    {
        _authority.Create(ServerNames, force: false);

        Assert.Equal("the server names changed", _authority.EnsureServerCertificate(["collector.example.org", "10.0.0.1"]));

        using var server = _authority.LoadServerCertificate();
        var san = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["collector.example.org"], san.EnumerateDnsNames());
        Assert.Equal("10.0.0.1", san.EnumerateIPAddresses().Single().ToString());
        Assert.Null(_authority.EnsureServerCertificate(["collector.example.org", "10.0.0.1"]));
    }

    [Fact]
    public void EnsureServerCertificate_ExpiresWithinThirtyDays_Renewed()
    {
        _authority.Create(ServerNames, force: false);
        _time.Advance(TimeSpan.FromDays(800));

        Assert.StartsWith("the previous one expires on", _authority.EnsureServerCertificate(ServerNames), StringComparison.Ordinal);
    }
}
