using Grpc.Core;

namespace HsGuard.Collector.Ingest;

/// <summary>An agent broke the protocol (or a bound); its call ends with <see cref="Status"/>.</summary>
internal sealed class ProtocolViolation : Exception
{
    public ProtocolViolation(StatusCode status, string message)
        : base(message)
    {
        Status = status;
    }

    public ProtocolViolation()
    {
    }

    public ProtocolViolation(string message)
        : base(message)
    {
    }

    public ProtocolViolation(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StatusCode Status { get; } = StatusCode.InvalidArgument;
}
