using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using HsGuard.Protocol.Security;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// The simulated hosts' channels to the collector, set up as the agent's (HTTP/2 pings after 30 s
/// of silence, no second connection): over mutual TLS one channel and connection per host, each
/// with its own certificate; in plain text the same, or with <c>shared</c> one channel for all
/// hosts whose calls share as few connections as the collector's stream limit allows. Every
/// connection counts its bytes below TLS.
/// </summary>
internal sealed class HostChannels : IDisposable
{
    private readonly string _address;
    private readonly AgentCertificates? _certificates;
    private readonly WireBytes _wire;
    private readonly GrpcChannel? _shared;
    private readonly List<GrpcChannel> _owned = [];

    public HostChannels(int port, AgentCertificates? certificates, bool shared, WireBytes wire)
    {
        _address = (certificates is null ? "http" : "https") + "://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _certificates = certificates;
        _wire = wire;
        if (shared)
        {
            _shared = Create(null, multipleConnections: true);
        }
    }

    /// <summary>The channel of host <paramref name="index"/>; disposed with this.</summary>
    public GrpcChannel For(int index)
    {
        if (_shared is not null)
        {
            return _shared;
        }
        var channel = Create(_certificates?.Contexts[index], multipleConnections: false);
        lock (_owned)
        {
            _owned.Add(channel);
        }
        return channel;
    }

    public void Dispose()
    {
        _shared?.Dispose();
        foreach (var channel in _owned)
        {
            channel.Dispose();
        }
    }

    private GrpcChannel Create(SslStreamCertificateContext? client, bool multipleConnections)
    {
        var handler = new SocketsHttpHandler
        {
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = multipleConnections,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectCallback = ConnectAsync,
        };
        if (client is not null)
        {
            var authority = _certificates!.Authority;
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateContext = client,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                // As the agent checks the collector: issued by the one CA, and naming the address.
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 presented
                    && PrivateCaTrust.Verify(presented, authority, PrivateCaTrust.ServerAuthentication, DateTimeOffset.UtcNow, out _) == CertificateVerdict.Valid
                    && presented.MatchesHostname("127.0.0.1", allowWildcards: false, allowCommonName: false),
            };
        }
        return GrpcChannel.ForAddress(_address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope",
        Justification = "The socket is owned by the stream returned, or disposed on failure.")]
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancel)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancel);
            return new CountingStream(new NetworkStream(socket, ownsSocket: true), _wire);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
