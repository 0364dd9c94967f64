using System.Security.Cryptography.X509Certificates;

namespace HsGuard.Collector.Security;

/// <summary>Who an agent is: the host named in its client certificate, which
/// <see cref="AgentCertificateValidator"/> accepted at the connection's handshake.</summary>
internal static class AgentIdentity
{
    /// <summary>The certificate's common name (the host it was issued for); null on a connection
    /// without a client certificate (plain text on loopback).</summary>
    public static string? HostOf(HttpContext context) =>
        context.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } host
            ? host
            : null;
}
