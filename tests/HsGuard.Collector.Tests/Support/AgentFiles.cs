using System.Security.Cryptography.X509Certificates;
using HsGuard.Agent.Streaming;

namespace HsGuard.Collector.Tests.Support;

/// <summary>An agent's three files, as <c>ca issue</c> hands them out, and the options that point to them.</summary>
internal static class AgentFiles
{
    public static CollectorConnectionOptions Write(string directory, X509Certificate2 certificate, string caFile, string address)
    {
        Directory.CreateDirectory(directory);
        string host = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        string certificateFile = Path.Combine(directory, host + ".crt");
        string keyFile = Path.Combine(directory, host + ".key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        }
        return new CollectorConnectionOptions
        {
            Address = address,
            Host = host,
            CertificateFile = certificateFile,
            KeyFile = keyFile,
            CaFile = caFile,
        };
    }
}
