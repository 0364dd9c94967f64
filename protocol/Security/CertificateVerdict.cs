namespace HsGuard.Protocol.Security;

/// <summary>What a peer's certificate is, checked against the one certificate authority trusted.</summary>
public enum CertificateVerdict
{
    Valid,
    /// <summary>Not signed by the trusted authority (another CA, self-signed, or a broken signature).</summary>
    UnknownIssuer,
    Expired,
    NotYetValid,
    /// <summary>Lacks the extended key usage asked for (client or server authentication).</summary>
    WrongUsage,
    /// <summary>Any other chain error; the detail names the X509ChainStatus flags.</summary>
    Invalid,
}
