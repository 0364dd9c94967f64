namespace HsGuard.Collector.Security;

/// <summary>A refusal of the certificate authority, with a message for the hostmaster: the CA
/// exists already, is missing or unreadable, a host name is not one, a host or serial is unknown.
/// The message ends where the inner exception's (the cause, when there is one) goes on.</summary>
public sealed class CertificateAuthorityException : Exception
{
    public CertificateAuthorityException()
    {
    }

    public CertificateAuthorityException(string message) : base(message)
    {
    }

    public CertificateAuthorityException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
