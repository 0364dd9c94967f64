using HsGuard.Collector.Security;
using HsGuard.Collector.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HsGuard.Collector.Tests.Security;

/// <summary>The validator called as Kestrel's handshake calls it, for the cases the live server tests leave out.</summary>
public sealed class AgentCertificateValidatorTests : IDisposable
{
    private const string Remote = "192.0.2.7:40000";

    private readonly TempDirectory _directory = new();
    private readonly RecordingLoggerProvider _log = new();
    private readonly CertificateAuthority _authority;
    private readonly AgentCertificateValidator _validator;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public AgentCertificateValidatorTests()
    {
        _authority = new CertificateAuthority(_directory.Combine("pki"), TimeProvider.System);
        _authority.Create(["collector.test"], force: false);
        _validator = new AgentCertificateValidator(_authority, _time, new Logger<AgentCertificateValidator>(new LoggerFactory([_log])));
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Validate_CollectorsOwnServerCertificate_RefusedAsNoClientCertificate()
    {
        using var server = _authority.LoadServerCertificate();

        Assert.False(_validator.Validate(server, Remote));

        var line = Assert.Single(_log.Entries);
        Assert.Equal(4015, line.Id.Id);
        Assert.Contains("CN=collector.test", line.Message, StringComparison.Ordinal);
        Assert.Contains(Remote, line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AuthorityItself_RefusedAsUnknownIssuer()
    {
        using var ca = _authority.LoadCertificate();

        Assert.False(_validator.Validate(ca, Remote));

        Assert.Equal(4011, Assert.Single(_log.Entries).Id.Id);
    }

    [Fact]
    public void Validate_NotYetValid_Refused()
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = _authority.Issue("web1", now.AddDays(1), now.AddDays(2));

        Assert.False(_validator.Validate(certificate, Remote));

        Assert.Equal(4013, Assert.Single(_log.Entries).Id.Id);
    }

    [Fact]
    public void Validate_RevocationListBroken_EveryoneRefusedWithAnError()
    {
        using var certificate = _authority.Issue("web1", TimeSpan.FromDays(1));
        Assert.True(_validator.Validate(certificate, Remote));
        File.WriteAllText(_authority.RevocationListPath, "# hand-edited\nnot-a-serial web1 yesterday\n");
        _time.Advance(TimeSpan.FromSeconds(1.1));   // the list is looked at once a second

        Assert.False(_validator.Validate(certificate, Remote));

        var line = Assert.Single(_log.Entries);
        Assert.Equal((LogLevel.Error, 4017), (line.Level, line.Id.Id));
        Assert.Contains("line 2", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RevokedByAnotherProcess_RefusedAtTheNextHandshake()
    {
        using var certificate = _authority.Issue("web1", TimeSpan.FromDays(1));
        Assert.True(_validator.Validate(certificate, Remote));
        // What 'ca revoke' does in its own process: a new instance over the same directory.
        new CertificateAuthority(_authority.Directory, TimeProvider.System).RevokeSerial(certificate.SerialNumber);
        _time.Advance(TimeSpan.FromSeconds(1.1));   // the list is looked at once a second

        Assert.False(_validator.Validate(certificate, Remote));

        Assert.Equal(4014, Assert.Single(_log.Entries).Id.Id);
    }
}
