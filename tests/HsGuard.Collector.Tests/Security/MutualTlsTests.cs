using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using HsGuard.Agent.Streaming;
using HsGuard.Collector.Security;
using HsGuard.Collector.Tests.Support;
using HsGuard.Protocol.V1;
using HsGuard.Testing;
using Microsoft.Extensions.Logging;

namespace HsGuard.Collector.Tests.Security;

/// <summary>The real collector on a loopback port and real agents' channels (CollectorChannelFactory):
/// who gets in, who is refused, and what the refusal logs.</summary>
[Collection(TlsCollectorFixture.Collection)]
public sealed class MutualTlsTests : IDisposable
{
    private readonly CollectorServer _server;
    private readonly TempDirectory _agentDirectory = new();
    private readonly RecordingLoggerProvider _agentLog = new();
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    public MutualTlsTests(TlsCollectorFixture fixture)
    {
        _server = fixture.Server;
    }

    private string Address => $"https://127.0.0.1:{_server.Port}";

    public void Dispose() => _agentDirectory.Dispose();

    [Fact]
    public void Start_EmptyStateDirectory_CreatesAuthorityPrivately()
    {
        Assert.Contains(_server.Log.Entries, e => e.Id.Id == 4001 && e.Message.Contains(_server.PkiDirectory, StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_server.PkiDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_server.PkiDirectory, "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_server.PkiDirectory, "server.key")));
        Assert.True(File.Exists(_server.CaFile));
    }

    [Fact]
    public async Task Check_CertificateFromThisCa_AcceptedAndKnownByItsHost()
    {
        using var channel = Channel(Issue("agent-good"));

        await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: _cancel);

        Assert.Contains("agent-good", _server.Identities);
        Assert.DoesNotContain(_server.Log.Entries, e => e.Message.Contains("CN=agent-good", StringComparison.Ordinal));
        Assert.Empty(_agentLog.Entries);
    }

    [Fact]
    public async Task Connect_HelloForItsOwnHost_Acknowledged()
    {
        using var channel = Channel(Issue("agent-self"));
        using var call = new AgentStream.AgentStreamClient(channel).Connect(cancellationToken: _cancel);

        await call.RequestStream.WriteAsync(new AgentMessage { Hello = Batches.Hello("agent-self") }, _cancel);

        Assert.True(await call.ResponseStream.MoveNext(_cancel));
        Assert.Equal(CollectorMessage.BodyOneofCase.HelloAck, call.ResponseStream.Current.BodyCase);
    }

    [Fact]
    public async Task Connect_RevokedWhileStreaming_CallEndsAtTheNextBatch()
    {
        using var channel = Channel(Issue("agent-revoked-live"));
        using var call = new AgentStream.AgentStreamClient(channel).Connect(cancellationToken: _cancel);
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = Batches.Hello("agent-revoked-live") }, _cancel);
        Assert.True(await call.ResponseStream.MoveNext(_cancel));
        await call.RequestStream.WriteAsync(new AgentMessage { Batch = Batches.Batch(1, keyframe: true) }, _cancel);
        Assert.True(await call.ResponseStream.MoveNext(_cancel));
        Assert.Equal(CollectorMessage.BodyOneofCase.Ack, call.ResponseStream.Current.BodyCase);

        _server.Authority.RevokeHost("agent-revoked-live");
        await Task.Delay(TimeSpan.FromSeconds(1.1), _cancel);   // the collector looks at revoked.txt once a second
        await call.RequestStream.WriteAsync(new AgentMessage { Batch = Batches.Batch(2) }, _cancel);

        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(_cancel));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("revoked", e.Status.Detail, StringComparison.Ordinal);
        await _server.Log.WaitForAsync(2003, "revoked");
    }

    [Fact]
    public async Task Connect_HelloForAnotherHost_PermissionDenied()
    {
        using var channel = Channel(Issue("agent-liar"));
        using var call = new AgentStream.AgentStreamClient(channel).Connect(cancellationToken: _cancel);

        await call.RequestStream.WriteAsync(new AgentMessage { Hello = Batches.Hello("agent-victim") }, _cancel);

        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(_cancel));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }

    [Fact]
    public async Task Check_CertificateFromAnotherCa_RefusedAndLogged()
    {
        using var rogueDirectory = new TempDirectory();
        var rogue = new CertificateAuthority(rogueDirectory.Combine("pki"), TimeProvider.System);
        rogue.Create(["localhost"], force: false);
        using var certificate = rogue.Issue("agent-rogue", TimeSpan.FromDays(1));

        await AssertRefusedAsync(Channel(certificate));

        var line = await _server.Log.WaitForAsync(4011, "CN=agent-rogue");
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains($"serial={certificate.SerialNumber} from 127.0.0.1:", line.Message, StringComparison.Ordinal);
        Assert.Contains("not issued by this collector's CA", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ExpiredCertificate_RefusedAndLogged()
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = _server.Authority.Issue("agent-expired", now.AddMinutes(-50), now.AddMinutes(-10));

        await AssertRefusedAsync(Channel(certificate));

        var line = await _server.Log.WaitForAsync(4012, "CN=agent-expired");
        Assert.Contains($"expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RevokedWhileRunning_RefusedFromTheNextConnection()
    {
        using var certificate = Issue("agent-revoked");
        var options = AgentFiles.Write(_agentDirectory.Path, certificate, _server.CaFile, Address);
        using (var before = CollectorChannelFactory.Create(options, _agentLog.CreateLogger("agent")))
        {
            await new Health.HealthClient(before).CheckAsync(new HealthCheckRequest(), cancellationToken: _cancel);
        }

        var revoked = Assert.Single(_server.Authority.RevokeHost("agent-revoked"));
        await Task.Delay(TimeSpan.FromSeconds(1.1), _cancel);   // the collector looks at revoked.txt once a second

        await AssertRefusedAsync(CollectorChannelFactory.Create(options, _agentLog.CreateLogger("agent")));
        var line = await _server.Log.WaitForAsync(4014, "CN=agent-revoked");
        Assert.Contains($"serial={certificate.SerialNumber}", line.Message, StringComparison.Ordinal);
        Assert.Contains($"revoked on {revoked.RevokedAt!.Value.UtcDateTime:yyyy-MM-dd}", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NoClientCertificate_RefusedAndLogged()
    {
        int before = _server.Log.Entries.Count(e => e.Id.Id == 4010);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };

        await AssertRefusedAsync(GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true }));

        for (int i = 0; i < 100 && _server.Log.Entries.Count(e => e.Id.Id == 4010) == before; i++)
        {
            await Task.Delay(10, _cancel);
        }
        var line = _server.Log.Entries.Last(e => e.Id.Id == 4010);
        Assert.StartsWith("Refused agent connection from 127.0.0.1:", line.Message, StringComparison.Ordinal);
        Assert.EndsWith(": no client certificate", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CollectorCertificateFromAnotherCa_AgentRefuses()
    {
        using var rogueDirectory = new TempDirectory();
        var rogue = new CertificateAuthority(rogueDirectory.Combine("pki"), TimeProvider.System);
        rogue.Create(["localhost"], force: false);
        using var certificate = Issue("agent-wary");
        var options = AgentFiles.Write(_agentDirectory.Path, certificate, rogue.CertificatePath, Address);

        await AssertRefusedAsync(CollectorChannelFactory.Create(options, _agentLog.CreateLogger("agent")));

        var line = await _agentLog.WaitForAsync(5002, rogue.CertificatePath);
        Assert.StartsWith("Refused the collector's certificate CN=collector.test at https://127.0.0.1:", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AddressNotNamedByCollectorCertificate_AgentRefuses()
    {
        using var certificate = Issue("agent-misaddressed");
        var options = AgentFiles.Write(_agentDirectory.Path, certificate, _server.CaFile, $"https://localhost:{_server.Port}");

        await AssertRefusedAsync(CollectorChannelFactory.Create(options, _agentLog.CreateLogger("agent")));

        await _agentLog.WaitForAsync(5003, "does not name localhost");
    }

    private X509Certificate2 Issue(string host) => _server.Authority.Issue(host, TimeSpan.FromDays(1));

    private GrpcChannel Channel(X509Certificate2 certificate) =>
        CollectorChannelFactory.Create(AgentFiles.Write(_agentDirectory.Path, certificate, _server.CaFile, Address), _agentLog.CreateLogger("agent"));

    /// <summary>The call fails for want of a connection: the collector ends the handshake (the
    /// agent sees the connection close, Unavailable), or the agent does (Internal, from its own
    /// AuthenticationException).</summary>
    private async Task AssertRefusedAsync(GrpcChannel channel)
    {
        using (channel)
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () =>
                await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: _cancel));
            Assert.True(e.StatusCode is StatusCode.Unavailable or StatusCode.Internal, e.ToString());
        }
    }
}
