using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using HsGuard.Protocol.Security;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Streaming;

/// <summary>
/// The agent's channel to its collector: mutual TLS with this host's certificate, trusting for the
/// collector's certificate only the CA in CaFile (never the machine's trust store) and checking
/// that it names the host in Address. With PlaintextOnLoopback, plain HTTP/2 (which the options
/// allow only to a loopback address).
/// </summary>
internal static partial class CollectorChannelFactory
{
    /// <summary>An HTTP/2 ping after this much silence, and the connection given up when it is not
    /// answered in <see cref="KeepAliveTimeout"/>: a collector that vanished without closing the
    /// connection (power loss, a dropped route) is noticed in under a minute, not after TCP's hours.</summary>
    private static readonly TimeSpan KeepAliveDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    /// <exception cref="FileNotFoundException">A certificate, key or CA file does not exist; the message names it and its option.</exception>
    /// <exception cref="InvalidDataException">One cannot be read or is not what it should be; the message names it and its option.</exception>
    public static GrpcChannel Create(CollectorConnectionOptions options, ILogger logger)
    {
        var handler = new SocketsHttpHandler
        {
            KeepAlivePingDelay = KeepAliveDelay,
            KeepAlivePingTimeout = KeepAliveTimeout,
            ConnectTimeout = ConnectTimeout,
            // One stream on one connection: a second connection would only hide a broken first.
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        try
        {
            if (!options.PlaintextOnLoopback)
            {
                handler.SslOptions = ClientTls(options, logger);
            }
            return GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        }
        catch
        {
            handler.Dispose();
            throw;
        }
    }

    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope",
        Justification = "The CA and client certificates live as long as the channel, in its TLS callbacks.")]
    private static SslClientAuthenticationOptions ClientTls(CollectorConnectionOptions options, ILogger logger)
    {
        string certificateText = ReadFile(options.CertificateFile, nameof(options.CertificateFile), "certificate");
        string keyText = ReadFile(options.KeyFile, nameof(options.KeyFile), "private key");
        var authority = Parse(options.CaFile, nameof(options.CaFile), "CA certificate",
            () => X509Certificate2.CreateFromPem(ReadFile(options.CaFile, nameof(options.CaFile), "CA certificate")));
        // The certificate alone first, so that a broken certificate file is blamed, not its key.
        using var withoutKey = Parse(options.CertificateFile, nameof(options.CertificateFile), "certificate", () => X509Certificate2.CreateFromPem(certificateText));
        var client = Parse(options.KeyFile, nameof(options.KeyFile), "private key of " + options.CertificateFile,
            () => X509Certificate2.CreateFromPem(certificateText, keyText));
        string address = options.Address;
        string host = new Uri(address).DnsSafeHost;
        return new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            // Always this certificate, whatever issuers the server hints at.
            LocalCertificateSelectionCallback = (_, _, _, _, _) => client,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => CheckCollector(certificate, authority, host, address, options.CaFile, logger),
        };
    }

    private static bool CheckCollector(X509Certificate? certificate, X509Certificate2 authority, string host, string address, string caFile, ILogger logger)
    {
        if (certificate is not X509Certificate2 presented)
        {
            NoCertificate(logger, address);
            return false;
        }
        switch (PrivateCaTrust.Verify(presented, authority, PrivateCaTrust.ServerAuthentication, DateTimeOffset.UtcNow, out string detail))
        {
            case CertificateVerdict.Valid when presented.MatchesHostname(host, allowWildcards: false, allowCommonName: false):
                return true;
            case CertificateVerdict.Valid:
                NameMismatch(logger, presented.Subject, address, host);
                return false;
            case CertificateVerdict.UnknownIssuer:
                UnknownIssuer(logger, presented.Subject, address, presented.Issuer, caFile);
                return false;
            case var verdict:
                Refused(logger, presented.Subject, address, verdict switch
                {
                    CertificateVerdict.Expired => $"expired on {presented.NotAfter.ToUniversalTime():u}",
                    CertificateVerdict.NotYetValid => $"not valid before {presented.NotBefore.ToUniversalTime():u}",
                    CertificateVerdict.WrongUsage => "not a server certificate (its extended key usage lacks serverAuth)",
                    _ => "invalid (" + detail + ")",
                });
                return false;
        }
    }

    private static string ReadFile(string path, string option, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException(
                $"{CollectorConnectionOptions.Section}:{option}: the {what} '{path}' does not exist (issue it with 'hsguard-collector ca issue HOST --out DIR')", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{CollectorConnectionOptions.Section}:{option}: the {what} '{path}' cannot be read:", e);
        }
    }

    private static X509Certificate2 Parse(string path, string option, string what, Func<X509Certificate2> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // ArgumentException: a key that is not the certificate's.
            throw new InvalidDataException($"{CollectorConnectionOptions.Section}:{option}: '{path}' does not hold a PEM {what}:", e);
        }
    }

    [LoggerMessage(5001, LogLevel.Warning, "Refused the collector at {Address}: it showed no certificate")]
    private static partial void NoCertificate(ILogger logger, string address);

    [LoggerMessage(5002, LogLevel.Warning, "Refused the collector's certificate {Subject} at {Address}: not issued by the CA in {CaFile} (issuer {Issuer})")]
    private static partial void UnknownIssuer(ILogger logger, string subject, string address, string issuer, string caFile);

    [LoggerMessage(5003, LogLevel.Warning, "Refused the collector's certificate {Subject} at {Address}: it does not name {Host}; add it to the collector's Collector:Tls:ServerNames")]
    private static partial void NameMismatch(ILogger logger, string subject, string address, string host);

    [LoggerMessage(5004, LogLevel.Warning, "Refused the collector's certificate {Subject} at {Address}: {Reason}")]
    private static partial void Refused(ILogger logger, string subject, string address, string reason);
}
