using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Security;

/// <summary>The agents' endpoint speaks mutual TLS: the collector shows its server certificate and
/// every agent must show a client certificate that <see cref="AgentCertificateValidator"/> accepts.</summary>
internal static class AgentTlsEndpoint
{
    /// <summary>An agent has this long to finish its handshake.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Configures TLS 1.2 or 1.3 on <paramref name="listen"/> with the server certificate from the
    /// authority's directory, creating the authority on a first start (when allowed) and renewing
    /// the server certificate when due.
    /// </summary>
    public static void UseAgentTls(this ListenOptions listen, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TlsOptions>>().Value;
        var authority = services.GetRequiredService<CertificateAuthority>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AgentTlsEndpoint).FullName!);
        SslStreamCertificateContext certificate;
        try
        {
            // Kept for the server's lifetime. offline: the chain is built without fetching anything.
            certificate = SslStreamCertificateContext.Create(PrepareServerCertificate(authority, options, log), additionalCertificates: null, offline: true);
        }
        catch (CertificateAuthorityException e)
        {
            // What ConfigurationErrors reports in one line, with the cause, instead of a stack trace.
            throw new InvalidDataException(e.Message, e.InnerException);
        }
        var validator = services.GetRequiredService<AgentCertificateValidator>();

        // The per-connection callback rather than HttpsConnectionAdapterOptions: Kestrel's
        // ClientCertificateValidation is not called when an agent shows no certificate (Kestrel
        // refuses it with a debug-level line only) and is not told the peer's address; this callback
        // sees both, so every refusal gets its warning.
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            HandshakeTimeout = HandshakeTimeout,
            OnConnection = connection =>
            {
                string remote = connection.Connection.RemoteEndPoint?.ToString() ?? "unknown peer";
                return ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = certificate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, presented, _, _) => validator.Validate(presented, remote),
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    // Every connection is a full handshake, so a resumed session never skips the
                    // check of a certificate revoked since. Agents connect rarely and stay.
                    AllowTlsResume = false,
                });
            },
        });
    }

    /// <summary>The collector's server certificate (made or renewed as for the agents' endpoint),
    /// for the web UI's HTTPS.</summary>
    public static X509Certificate2 ServerCertificate(IServiceProvider services)
    {
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AgentTlsEndpoint).FullName!);
        try
        {
            return PrepareServerCertificate(services.GetRequiredService<CertificateAuthority>(), services.GetRequiredService<IOptions<TlsOptions>>().Value, log);
        }
        catch (CertificateAuthorityException e)
        {
            throw new InvalidDataException(e.Message, e.InnerException);
        }
    }

    private static X509Certificate2 PrepareServerCertificate(CertificateAuthority authority, TlsOptions options, ILogger log)
    {
        var names = options.EffectiveServerNames();
        if (!authority.Exists)
        {
            if (!options.CreateOnFirstStart)
            {
                throw new CertificateAuthorityException(
                    $"there is no certificate authority in {authority.Directory} and {TlsOptions.Section}:CreateOnFirstStart is false: run 'hsguard-collector ca init'");
            }
            authority.Create([.. names], force: false);
            SecurityLog.AuthorityCreated(log, authority.Directory);
        }
        if (authority.EnsureServerCertificate([.. names]) is { } reason)
        {
            SecurityLog.ServerCertificateIssued(log, string.Join(", ", names), reason);
        }
        return authority.LoadServerCertificate();
    }
}
