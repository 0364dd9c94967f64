using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace HsGuard.Testing;

/// <summary>
/// A real SMTP server of the tests' own (tests/smtp-server: nodemailer's smtp-server under Node.js)
/// on a free port of 127.0.0.1, with TLS from a certificate authority the test makes (STARTTLS
/// required, or TLS on connect) and AUTH against one user. Each accepted message lands as a file
/// the test reads, with its envelope. Stopped by its own pid; <see cref="StopAsync"/> and
/// <see cref="StartAsync()"/> take it down and bring it back on the same port (an outage).
/// Needs Node.js and the package installed (tests/run does both).
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    public const string User = "hsguard";
    public const string Password = "s3cret-for-tests";

    private static readonly string Script = RepositoryPaths.Combine("tests", "smtp-server", "server.js");
    private readonly TempDirectory _directory = new("hsguard-smtp-");
    private readonly bool _secure;
    private Process? _process;

    private SmtpServer(bool secure)
    {
        _secure = secure;
        Port = LoopbackPorts.Free();
        Directory.CreateDirectory(MailDirectory);
        WriteCertificates();
    }

    public int Port { get; }

    /// <summary>The PEM file of the CA that issued the server's certificate (Collector:Notifications:Smtp:CaFile).</summary>
    public string CaFile => _directory.Combine("ca.crt");

    public string MailDirectory => _directory.Combine("mail");

    /// <summary>StartTls, or SslOnConnect for a server started with <c>secure</c>.</summary>
    public string Security => _secure ? "SslOnConnect" : "StartTls";

    public bool Running => _process is { HasExited: false };

    /// <param name="secure">TLS on connect (port 465 style) instead of STARTTLS.</param>
    public static async Task<SmtpServer> StartAsync(bool secure = false)
    {
        var server = new SmtpServer(secure);
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The Collector:Notifications:Smtp settings that reach this server.</summary>
    public IEnumerable<(string Key, string Value)> Settings(string from = "hsguard@hoster.example") =>
    [
        ("Collector:Notifications:Smtp:Host", "127.0.0.1"),
        ("Collector:Notifications:Smtp:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Collector:Notifications:Smtp:Security", Security),
        ("Collector:Notifications:Smtp:Username", User),
        ("Collector:Notifications:Smtp:Password", Password),
        ("Collector:Notifications:Smtp:CaFile", CaFile),
        ("Collector:Notifications:Smtp:From", from),
        ("Collector:Notifications:Smtp:Timeout", "00:00:05"),
    ];

    /// <summary>Starts (again) on the same port; returns once it listens.</summary>
    public async Task StartAsync()
    {
        if (!File.Exists(RepositoryPaths.Combine("tests", "smtp-server", "node_modules", "smtp-server", "package.json")))
        {
            throw new InvalidOperationException("the tests' SMTP server is not installed (tests/smtp-server/node_modules); tests/run installs it (npm ci)");
        }
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Script, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", MailDirectory,
            "--cert", _directory.Combine("server.crt"), "--key", _directory.Combine("server.key"), "--user", User, "--password", Password })
        {
            info.ArgumentList.Add(a);
        }
        if (_secure)
        {
            info.ArgumentList.Add("--secure");
        }
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Node.js is needed for the tests' SMTP server; tests/run installs it", e);
        }
        _process = process;
        var ready = process.StandardOutput.ReadLineAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(30))) != ready || ready.Result?.StartsWith("ready ", StringComparison.Ordinal) != true)
        {
            await StopAsync();
            throw new InvalidOperationException($"the SMTP server did not start: {(ready.IsCompleted ? ready.Result : "")} {(error.IsCompleted ? error.Result : "")}");
        }
    }

    /// <summary>Takes the server down (by its pid): connections are refused until it starts again.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }
        _process = null;
        if (!process.HasExited)
        {
            process.Kill();
        }
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>Every message accepted so far, in order.</summary>
    public IReadOnlyList<ReceivedMail> Received()
    {
        var mails = new List<ReceivedMail>();
        foreach (string eml in Directory.GetFiles(MailDirectory, "*.eml").Order(StringComparer.Ordinal))
        {
            using var envelope = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(eml, ".json")));
            var root = envelope.RootElement;
            mails.Add(new ReceivedMail(File.ReadAllBytes(eml), root.GetProperty("from").GetString() ?? "",
                [.. root.GetProperty("to").EnumerateArray().Select(t => t.GetString() ?? "")], root.GetProperty("user").GetString() ?? "",
                root.GetProperty("secure").GetBoolean()));
        }
        return mails;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }

    /// <summary>A CA and a server certificate it issued for 127.0.0.1 and localhost, as PEM files.</summary>
    private void WriteCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=HsGuard test SMTP CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(ca, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        File.WriteAllText(_directory.Combine("server.crt"), server.ExportCertificatePem());
        File.WriteAllText(_directory.Combine("server.key"), key.ExportPkcs8PrivateKeyPem());
    }
}

/// <summary>A message as the server stored it, with its envelope (MAIL FROM, RCPT TO), the user
/// that authenticated and whether the session was encrypted.</summary>
public sealed record ReceivedMail(byte[] Raw, string From, IReadOnlyList<string> To, string AuthenticatedUser, bool Secure);
