namespace HsGuard.Collector.Notifications;

/// <summary>How the connection to the SMTP server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS, which must succeed (submission, port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (submissions, port 465).</summary>
    SslOnConnect,
    /// <summary>No TLS: refused unless the server is a loopback address (a local relay).</summary>
    None,
}
