using System.ComponentModel.DataAnnotations;
using System.Net;

namespace HsGuard.Collector.Web;

/// <summary>The hostmasters' web UI, JSON API and metrics. Bound from "Collector:Web".</summary>
public sealed class WebOptions : IValidatableObject
{
    public const string Section = "Collector:Web";

    /// <summary>Serve the web UI and API at all. Defaults to true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address and port of the web UI, the API and /metrics. Defaults to 127.0.0.1:7080
    /// (put a TLS-terminating proxy in front, or set <see cref="Https"/>, to reach it from elsewhere).</summary>
    [Required]
    public string Listen { get; set; } = "127.0.0.1:7080";

    /// <summary>Serve HTTPS with the collector's server certificate. Defaults to false (plain HTTP,
    /// refused off loopback unless <see cref="PlainHttpOffLoopback"/>).</summary>
    public bool Https { get; set; }

    /// <summary>Allow plain HTTP on an address other than loopback (behind a proxy that terminates
    /// TLS on the same machine or network). Defaults to false.</summary>
    public bool PlainHttpOffLoopback { get; set; }

    /// <summary>The hostmasters' and members' accounts (YAML). Defaults to /etc/hsguard/accounts.yaml
    /// when it exists, else accounts.yaml in the state directory (created on the first start with
    /// one hostmaster, "admin", whose password is written to the log once).</summary>
    public string? AccountsFile { get; set; }

    /// <summary>How long a login lasts without use. Defaults to 8 hours.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    public IPEndPoint EndPoint => IPEndPoint.Parse(Listen);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPEndPoint.TryParse(Listen, out var endPoint) || endPoint.Port == 0)
        {
            yield return new ValidationResult($"Listen '{Listen}' is not ADDRESS:PORT", [nameof(Listen)]);
        }
        else if (!Https && !PlainHttpOffLoopback && !IPAddress.IsLoopback(endPoint.Address))
        {
            yield return new ValidationResult(
                $"Listen '{Listen}' is not a loopback address: set Https (or PlainHttpOffLoopback behind a TLS proxy)",
                [nameof(Listen), nameof(Https)]);
        }
    }
}
