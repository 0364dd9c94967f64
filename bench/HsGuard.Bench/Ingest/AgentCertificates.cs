using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using HsGuard.Collector.Security;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// The collector's certificate authority, created in its state directory before it starts (as
/// <c>ca init</c> does), and one client certificate per simulated host issued by it in this
/// process (as <c>ca issue</c> does, without writing each key to a file).
/// </summary>
internal sealed class AgentCertificates : IDisposable
{
    private readonly X509Certificate2[] _clients;

    private AgentCertificates(X509Certificate2 authority, X509Certificate2[] clients)
    {
        Authority = authority;
        _clients = clients;
        Contexts = [.. clients.Select(c => SslStreamCertificateContext.Create(c, additionalCertificates: null, offline: true))];
    }

    public X509Certificate2 Authority { get; }

    /// <summary>Each host's certificate and key, ready for its TLS handshakes.</summary>
    public IReadOnlyList<SslStreamCertificateContext> Contexts { get; }

    public static AgentCertificates Create(string pkiDirectory, IReadOnlyCollection<string> serverNames, IReadOnlyList<string> hosts)
    {
        var authority = new CertificateAuthority(pkiDirectory, TimeProvider.System);
        authority.Create(serverNames, force: false);
        var clients = new X509Certificate2[hosts.Count];
        try
        {
            for (int i = 0; i < hosts.Count; i++)
            {
                clients[i] = authority.Issue(hosts[i], TimeSpan.FromDays(2));
            }
            return new AgentCertificates(authority.LoadCertificate(), clients);
        }
        catch
        {
            foreach (var client in clients)
            {
                client?.Dispose();
            }
            throw;
        }
    }

    public void Dispose()
    {
        Authority.Dispose();
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
