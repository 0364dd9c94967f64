using System.ComponentModel.DataAnnotations;
using System.Net;

namespace HsGuard.Collector.Notifications;

/// <summary>The SMTP server notices are submitted to. Bound from "Collector:Notifications:Smtp".
/// Without a <see cref="Host"/> no e-mail is sent (the webhook may still be).</summary>
public sealed class SmtpOptions
{
    /// <summary>The submission server's name or address. Defaults to none: no e-mail.</summary>
    public string? Host { get; set; }

    /// <summary>Defaults to 587 (submission with STARTTLS); 465 goes with SslOnConnect.</summary>
    public int Port { get; set; } = 587;

    /// <summary>StartTls, SslOnConnect or None. Defaults to StartTls. None is refused unless
    /// <see cref="Host"/> is a loopback address or localhost: passwords and members' incidents
    /// never cross a network in clear.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The account to authenticate as. Defaults to none: no authentication.</summary>
    public string? Username { get; set; }

    /// <summary>The account's password; prefer <see cref="PasswordFile"/>, which keeps it out of the configuration.</summary>
    public string? Password { get; set; }

    /// <summary>A file holding the password (its first line), readable by the collector only.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The sender address of every notice (also the domain of its Message-ID). Required with a Host.</summary>
    public string? From { get; set; }

    /// <summary>The sender's name. Defaults to "HsGuard".</summary>
    public string FromName { get; set; } = "HsGuard";

    /// <summary>A PEM file of the CA that issued the server's certificate, to trust a private one
    /// (only it then, not the system's CAs). Defaults to none: the system's trusted CAs.</summary>
    public string? CaFile { get; set; }

    /// <summary>The bound on connecting, authenticating and each command. Defaults to 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The password from <see cref="PasswordFile"/> or <see cref="Password"/>.</summary>
    public string? ReadPassword() =>
        !string.IsNullOrWhiteSpace(PasswordFile) ? File.ReadLines(PasswordFile).FirstOrDefault()?.TrimEnd('\r') ?? "" : Password;

    internal IEnumerable<ValidationResult> Validate(string section)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"{section}:Port: {Port} is not a port (1-65535)", [nameof(Port)]);
        }
        if (Security == SmtpSecurity.None && !IsLoopback(Host!))
        {
            yield return new ValidationResult(
                $"{section}:Security: None is only allowed towards a loopback address, and Host '{Host}' is not one: use StartTls or SslOnConnect",
                [nameof(Security)]);
        }
        if (!EmailAddress.IsValid(From))
        {
            yield return new ValidationResult($"{section}:From: '{From}' is not an e-mail address (local@domain); notices need a sender", [nameof(From)]);
        }
        if (!string.IsNullOrEmpty(Password) && !string.IsNullOrEmpty(PasswordFile))
        {
            yield return new ValidationResult($"{section}: give Password or PasswordFile, not both", [nameof(Password)]);
        }
        if (!string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(PasswordFile))
        {
            yield return new ValidationResult($"{section}:Username is set without Password or PasswordFile", [nameof(Username)]);
        }
        foreach (var (key, path) in new[] { ("PasswordFile", PasswordFile), ("CaFile", CaFile) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                yield return new ValidationResult($"{section}:{key}: '{path}' does not exist", [key]);
            }
        }
        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"{section}:Timeout: {Timeout} is not between 1 s and 5 min", [nameof(Timeout)]);
        }
    }

    internal static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
