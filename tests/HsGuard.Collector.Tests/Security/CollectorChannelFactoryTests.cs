using Grpc.Health.V1;
using HsGuard.Agent.Streaming;
using HsGuard.Collector.Security;
using HsGuard.Collector.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HsGuard.Collector.Tests.Security;

public sealed class CollectorChannelFactoryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Create_CertificateFileMissing_MessageNamesTheFileAndItsKey()
    {
        var options = new CollectorConnectionOptions { CertificateFile = _directory.Combine("agent.crt") };

        var e = Assert.Throws<FileNotFoundException>(() => CollectorChannelFactory.Create(options, NullLogger.Instance));

        Assert.Contains("Agent:Collector:CertificateFile", e.Message, StringComparison.Ordinal);
        Assert.Contains(_directory.Combine("agent.crt"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_KeyOfAnotherCertificate_MessageNamesTheKeyFile()
    {
        var authority = new CertificateAuthority(_directory.Combine("pki"), TimeProvider.System);
        authority.Create(["localhost"], force: false);
        using var web1 = authority.Issue("web1", TimeSpan.FromDays(1));
        using var web2 = authority.Issue("web2", TimeSpan.FromDays(1));
        var options = AgentFiles.Write(_directory.Combine("web1"), web1, authority.CertificatePath, "https://127.0.0.1:7443");
        options.KeyFile = AgentFiles.Write(_directory.Combine("web2"), web2, authority.CertificatePath, "https://127.0.0.1:7443").KeyFile;

        var e = Assert.Throws<InvalidDataException>(() => CollectorChannelFactory.Create(options, NullLogger.Instance));

        Assert.StartsWith($"Agent:Collector:KeyFile: '{options.KeyFile}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_CaFileNotPem_MessageNamesTheCaFile()
    {
        var authority = new CertificateAuthority(_directory.Combine("pki"), TimeProvider.System);
        authority.Create(["localhost"], force: false);
        using var web1 = authority.Issue("web1", TimeSpan.FromDays(1));
        var options = AgentFiles.Write(_directory.Combine("web1"), web1, _directory.Combine("ca.crt"), "https://127.0.0.1:7443");
        File.WriteAllText(options.CaFile, "not a certificate");

        var e = Assert.Throws<InvalidDataException>(() => CollectorChannelFactory.Create(options, NullLogger.Instance));

        Assert.StartsWith($"Agent:Collector:CaFile: '{options.CaFile}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PlaintextOnLoopback_HttpWithoutCertificates()
    {
        await using var server = await CollectorServer.StartAsync(("Collector:Grpc:PlaintextOnLoopback", "true"));
        var options = new CollectorConnectionOptions
        {
            Address = $"http://127.0.0.1:{server.Port}",
            PlaintextOnLoopback = true,
            CertificateFile = _directory.Combine("none.crt"),
        };

        using var channel = CollectorChannelFactory.Create(options, NullLogger.Instance);
        await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([null], server.Identities);
        Assert.False(Directory.Exists(server.PkiDirectory));
    }

    [Fact]
    public async Task Start_NoAuthorityAndCreateOnFirstStartOff_RefusesWithHowTo()
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => CollectorServer.StartAsync(("Collector:Tls:CreateOnFirstStart", "false")));

        Assert.Contains("Collector:Tls:CreateOnFirstStart is false: run 'hsguard-collector ca init'", e.Message, StringComparison.Ordinal);
    }
}
