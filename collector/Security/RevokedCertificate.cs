namespace HsGuard.Collector.Security;

/// <summary>One line of revoked.txt.</summary>
internal sealed record RevokedCertificate(string Serial, string Host, DateTimeOffset RevokedAt);
