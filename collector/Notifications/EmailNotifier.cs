using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace HsGuard.Collector.Notifications;

/// <summary>
/// Submits notices to the SMTP server with MailKit: TLS as configured (STARTTLS that must succeed,
/// or TLS on connect; none only on loopback), authentication when a username is set, the server's
/// certificate checked against the system's CAs or, with a CA file, only against it. The
/// connection is kept while notices are due and closed when the outbox is idle. Each message has
/// a Message-ID made from the notice's key, the same at every try, so that a copy sent again after
/// a crash (see <see cref="OutboxSender"/>) can be recognised as the same message.
/// </summary>
internal sealed class EmailNotifier : IAsyncDisposable
{
    private readonly SmtpOptions _options;
    private readonly TimeProvider _time;
    private readonly X509Certificate2Collection? _authorities;
    private SmtpClient? _client;

    public EmailNotifier(IOptions<NotificationsOptions> options, TimeProvider time)
    {
        _options = options.Value.Smtp;
        _time = time;
        if (!string.IsNullOrWhiteSpace(_options.CaFile))
        {
            _authorities = [];
            _authorities.ImportFromPemFile(_options.CaFile);
        }
    }

    public async Task SendAsync(OutboxNotice notice, CancellationToken cancellationToken)
    {
        using var message = Build(notice);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout * 3);
        try
        {
            var client = await ConnectedAsync(timeout.Token);
            await client.SendAsync(message, timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not NoticeFailure)
        {
            await DisconnectAsync();
            bool permanent = e is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } refused && (int)refused.StatusCode >= 500;
            bool serverDown = e is not SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted };
            throw new NoticeFailure(Describe(e), permanent, serverDown, e);
        }
    }

    /// <summary>Closes the connection (the outbox is idle).</summary>
    public async Task DisconnectAsync()
    {
        var client = _client;
        _client = null;
        if (client is null)
        {
            return;
        }
        try
        {
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(_options.Timeout);
                await client.DisconnectAsync(quit: true, timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ProtocolException or InvalidOperationException)
        {
            // Already gone: nothing to close.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync();
        if (_authorities is not null)
        {
            foreach (var authority in _authorities)
            {
                authority.Dispose();
            }
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }
        await DisconnectAsync();
        var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        _client = client;
        if (_authorities is not null)
        {
            client.ServerCertificateValidationCallback = TrustedByCaFile;
        }
        var security = _options.Security switch
        {
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(_options.Host!, _options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(_options.Username))
        {
            await client.AuthenticateAsync(_options.Username, _options.ReadPassword() ?? "", cancellationToken);
        }
        return client;
    }

    private MimeMessage Build(OutboxNotice notice)
    {
        var body = new TextPart("plain") { Text = notice.Body };
        body.Headers.Add(HeaderId.ContentLanguage, notice.Language);
        var message = new MimeMessage
        {
            Subject = notice.Subject,
            MessageId = $"{notice.Key}@{EmailAddress.Domain(_options.From!)}",
            Date = _time.GetUtcNow(),
            Body = body,
        };
        message.From.Add(new MailboxAddress(_options.FromName, _options.From!));
        message.To.Add(MailboxAddress.Parse(notice.Recipient));
        // RFC 3834: no vacation replies to a machine's notice.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-HsGuard-Incident", notice.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Headers.Add("X-HsGuard-Stage", notice.Stage);
        return message;
    }

    /// <summary>The server's certificate must name the host and chain to a certificate of the CA
    /// file (which may be the server's own, self-signed); the system's CAs play no part.</summary>
    private bool TrustedByCaFile(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        try
        {
            return chain.Build(leaf);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    private static string Describe(Exception e) => e switch
    {
        SmtpCommandException c => $"SMTP {(int)c.StatusCode} {c.ErrorCode}: {c.Message}",
        OperationCanceledException => "timed out",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
