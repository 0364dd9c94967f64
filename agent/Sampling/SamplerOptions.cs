using System.ComponentModel.DataAnnotations;

namespace HsGuard.Agent.Sampling;

/// <summary>How the agent samples /proc. Bound from the "Agent:Sampler" configuration section.</summary>
public sealed class SamplerOptions : IValidatableObject
{
    public const string Section = "Agent:Sampler";

    /// <summary>Root of the proc filesystem. Defaults to /proc.</summary>
    [Required]
    public string ProcRoot { get; set; } = "/proc";

    /// <summary>Time between passes. Defaults to 1 s; from 100 ms to 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bytes of a command line kept. Defaults to 4096.</summary>
    [Range(64, 1024 * 1024)]
    public int CommandLineMaxBytes { get; set; } = 4096;

    /// <summary>CPU (percent of one core, over the last pass) above which a process counts as busy
    /// and its context switches and I/O counters are read too. Defaults to 0: any CPU use.</summary>
    [Range(0.0, 10000.0)]
    public double DetailCpuPercent { get; set; }

    /// <summary>Threads of a busy process whose context switches are read and summed. Defaults
    /// to 256.</summary>
    [Range(1, 100_000)]
    public int DetailMaxThreads { get; set; } = 256;

    /// <summary>CPU (percent of one core, over the last pass) at or above which a process gets the
    /// deep look: per-thread CPU, affinity and nice, where its file descriptors lead, its TCP
    /// connections and its huge pages (costly: one to two files a thread and one link a
    /// descriptor). Such a process counts as busy whatever <see cref="DetailCpuPercent"/> says.
    /// Defaults to 25: a miner throttled to half a core still qualifies.</summary>
    [Range(0.0, 10000.0)]
    public double DeepCpuPercent { get; set; } = 25;

    /// <summary>The deep look reads a busy process's descriptors, connections and memory again
    /// after this many passes (its threads every pass): a big process's descriptor links and
    /// smaps_rollup cost milliseconds, and what they show changes seldom. Defaults to 10; 1 reads
    /// them every pass.</summary>
    [Range(1, 3600)]
    public int DeepRefreshPasses { get; set; } = 10;

    /// <summary>Connections of a process kept by the deep look. Defaults to 32, which is also
    /// what the wire contract allows.</summary>
    [Range(1, 32)]
    public int DeepMaxConnections { get; set; } = 32;

    /// <summary>File descriptors of a process whose links the deep look reads (all are counted).
    /// Defaults to 1024.</summary>
    [Range(3, 1024 * 1024)]
    public int DeepMaxFiles { get; set; } = 1024;

    /// <summary>Keep each process's /proc directory and stat file open between passes (two
    /// descriptors a process, half the cost of reopening). The agent raises its open-file limit
    /// for this and falls back to reopening when the limit is reached. Defaults to true.</summary>
    public bool KeepFilesOpen { get; set; } = true;

    /// <summary>An idle process's executable is checked for exec and deletion every this many
    /// passes (busy processes every pass). Defaults to 30.</summary>
    [Range(1, 3600)]
    public int IdentityRecheckPasses { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!File.Exists(Path.Combine(ProcRoot, "stat")))
        {
            yield return new ValidationResult($"ProcRoot '{ProcRoot}' is not a proc filesystem (no 'stat' in it)", [nameof(ProcRoot)]);
        }
    }
}
