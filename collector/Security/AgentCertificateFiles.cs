namespace HsGuard.Collector.Security;

/// <summary>An agent's three files, as <c>ca issue</c> writes them: its certificate, its private
/// key and the collector's CA.</summary>
internal sealed record AgentCertificateFiles(string CertificateFile, string KeyFile, string CaFile, string Serial, DateTime NotAfter);
