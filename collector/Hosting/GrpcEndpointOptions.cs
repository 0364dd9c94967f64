using System.ComponentModel.DataAnnotations;
using System.Net;

namespace HsGuard.Collector.Hosting;

/// <summary>The endpoint agents connect to. Bound from "Collector:Grpc".</summary>
public sealed class GrpcEndpointOptions : IValidatableObject
{
    public const string Section = "Collector:Grpc";

    /// <summary>Address and port to listen on, "ADDRESS:PORT" ("[::]:7443" for every interface).
    /// Defaults to 127.0.0.1:7443.</summary>
    [Required]
    public string Listen { get; set; } = "127.0.0.1:7443";

    /// <summary>Serve without TLS. Only allowed on a loopback address, and only when said so: agents
    /// are otherwise known by their certificates. Defaults to false.</summary>
    public bool PlaintextOnLoopback { get; set; }

    /// <summary>Largest message an agent may send; a larger one ends its call. Defaults to 4 MiB.</summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    public IPEndPoint EndPoint => IPEndPoint.Parse(Listen);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPEndPoint.TryParse(Listen, out var endPoint) || endPoint.Port == 0)
        {
            yield return new ValidationResult($"Listen '{Listen}' is not ADDRESS:PORT", [nameof(Listen)]);
        }
        else if (PlaintextOnLoopback && !IPAddress.IsLoopback(endPoint.Address))
        {
            yield return new ValidationResult(
                $"PlaintextOnLoopback is set but Listen '{Listen}' is not a loopback address: plain text is refused off loopback",
                [nameof(PlaintextOnLoopback), nameof(Listen)]);
        }
    }
}
