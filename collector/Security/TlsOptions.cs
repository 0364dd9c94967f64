using System.ComponentModel.DataAnnotations;
using System.Net;
using HsGuard.Protocol.Hosting;

namespace HsGuard.Collector.Security;

/// <summary>The collector's certificate authority and the agents' mutual TLS. Bound from "Collector:Tls".</summary>
public sealed class TlsOptions : IValidatableObject
{
    public const string Section = "Collector:Tls";

    /// <summary>Where the certificate authority lives: ca.crt, ca.key, server.crt, server.key,
    /// issued/ and revoked.txt. Defaults to pki/ under Collector:StateDirectory.</summary>
    public string? Directory { get; set; }

    /// <summary>DNS names and IP addresses the agents use to reach the collector, written into the
    /// server certificate; a change re-issues it at the next start. Empty (the default) means the
    /// machine name, "localhost", "127.0.0.1" and "::1". (A list: configuration binding appends to a
    /// list that starts filled, hence the default is applied when empty, not as an initial value.)</summary>
    public string[] ServerNames { get; set; } = [];

    /// <summary>How long a client certificate from <c>ca issue</c> is valid unless <c>--days</c>
    /// says otherwise. Defaults to 397 days (the longest the CA/Browser Forum allows a TLS
    /// certificate).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ClientCertificateValidity { get; set; } = TimeSpan.FromDays(397);

    /// <summary>Create the certificate authority and the server certificate when the collector
    /// starts and the directory holds none. Defaults to true.</summary>
    public bool CreateOnFirstStart { get; set; } = true;

    /// <summary>The directory, resolved against the collector's state directory.</summary>
    public string ResolveDirectory(string stateDirectory) => Directory ?? Path.Combine(stateDirectory, "pki");

    /// <summary><see cref="ServerNames"/>, or the defaults when it is empty.</summary>
    public IReadOnlyList<string> EffectiveServerNames()
    {
        if (ServerNames.Length > 0)
        {
            return ServerNames;
        }
        string machine = Environment.MachineName;
        return HostNames.IsValid(machine) && machine != "localhost"
            ? [machine, "localhost", "127.0.0.1", "::1"]
            : ["localhost", "127.0.0.1", "::1"];
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Directory is not null && !Path.IsPathFullyQualified(Directory))
        {
            yield return new ValidationResult($"{Section}:Directory '{Directory}' is not an absolute path", [nameof(Directory)]);
        }
        foreach (string name in ServerNames)
        {
            if (!HostNames.IsValid(name) && !IPAddress.TryParse(name, out _))
            {
                yield return new ValidationResult(
                    $"{Section}:ServerNames: '{name}' is neither a DNS name nor an IP address", [nameof(ServerNames)]);
            }
        }
    }
}
