using Google.Protobuf.WellKnownTypes;
using HsGuard.Agent.Sampling;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Options;

namespace HsGuard.Agent.Streaming;

/// <summary>This run of the agent: its host, a random instance id (batch sequence numbers count
/// within it), and the boot it runs in.</summary>
public sealed class AgentInstance
{
    public static readonly string Version = typeof(AgentInstance).Assembly.GetName().Version?.ToString(3) ?? "0";

    private readonly TimeProvider _time;

    public AgentInstance(IOptions<CollectorConnectionOptions> options, ProcessSampler sampler, TimeProvider time)
    {
        _time = time;
        Host = options.Value.Host;
        BootId = sampler.Proc.ReadBootId() ?? "";
        BootTime = sampler.BootTime;
        ClockTicksPerSecond = (uint)Native.Posix.ClockTicksPerSecond;
    }

    public string Host { get; }

    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    public string BootId { get; }

    public DateTimeOffset BootTime { get; }

    public uint ClockTicksPerSecond { get; }

    public Hello CreateHello() => new()
    {
        Host = Host,
        AgentVersion = Version,
        BootId = BootId,
        InstanceId = InstanceId,
        Clock = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
        BootTime = Timestamp.FromDateTimeOffset(BootTime),
        ClockTicksPerSecond = ClockTicksPerSecond,
        CpuCount = (uint)Environment.ProcessorCount,
    };
}
