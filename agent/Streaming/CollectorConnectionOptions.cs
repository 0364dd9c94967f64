using System.ComponentModel.DataAnnotations;

namespace HsGuard.Agent.Streaming;

/// <summary>How the agent reaches its collector. Bound from "Agent:Collector".</summary>
public sealed class CollectorConnectionOptions : IValidatableObject
{
    public const string Section = "Agent:Collector";

    /// <summary>The collector's gRPC address. Defaults to https://127.0.0.1:7443.</summary>
    [Required]
    public string Address { get; set; } = "https://127.0.0.1:7443";

    /// <summary>This host's name, as in its client certificate. Defaults to the machine name.</summary>
    [Required]
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>This host's client certificate (PEM), issued by <c>hsguard-collector ca issue HOST</c>.
    /// Defaults to /etc/hsguard/agent.crt.</summary>
    public string CertificateFile { get; set; } = "/etc/hsguard/agent.crt";

    /// <summary>Its private key (PEM). Defaults to /etc/hsguard/agent.key.</summary>
    public string KeyFile { get; set; } = "/etc/hsguard/agent.key";

    /// <summary>The collector's certificate authority (PEM): the only issuer the agent trusts for the
    /// collector's certificate. Defaults to /etc/hsguard/ca.crt.</summary>
    public string CaFile { get; set; } = "/etc/hsguard/ca.crt";

    /// <summary>Speak plain HTTP/2 without TLS. Only to a loopback address, and only when said so.
    /// Defaults to false.</summary>
    public bool PlaintextOnLoopback { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Address, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
        {
            yield return new ValidationResult($"Address '{Address}' is not an http(s) URL", [nameof(Address)]);
            yield break;
        }
        bool loopback = uri.IsLoopback;
        if (uri.Scheme == "http" && !(PlaintextOnLoopback && loopback))
        {
            yield return new ValidationResult(
                $"Address '{Address}' is plain http: allowed only to a loopback address with PlaintextOnLoopback set",
                [nameof(Address), nameof(PlaintextOnLoopback)]);
        }
        if (PlaintextOnLoopback && uri.Scheme == "https")
        {
            yield return new ValidationResult($"PlaintextOnLoopback is set but Address '{Address}' is https", [nameof(Address)]);
        }
    }
}
