using System.ComponentModel.DataAnnotations;

namespace HsGuard.Agent.Streaming;

/// <summary>How the agent buffers and reconnects. Bound from "Agent:Stream".</summary>
public sealed class StreamOptions
{
    public const string Section = "Agent:Stream";

    /// <summary>Batches not yet acknowledged are kept up to this many bytes (serialized); past it
    /// the oldest are dropped, with a counted warning. Defaults to 64 MiB.</summary>
    [Range(64 * 1024, 4L * 1024 * 1024 * 1024)]
    public long BufferMaxBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Batches older than this are dropped even when there is room. Defaults to 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan BufferMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Command results and evidence (the copies of executables above all) kept while the
    /// collector is away, up to this many bytes; past it the oldest evidence chunks are dropped
    /// first, with a counted warning. Defaults to 256 MiB.</summary>
    [Range(4L * 1024 * 1024, 4L * 1024 * 1024 * 1024)]
    public long ResponseBufferMaxBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>First wait before reconnecting; it doubles after each failure. Defaults to 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait before reconnecting. Defaults to 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the collector may take to answer the hello. Defaults to 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
