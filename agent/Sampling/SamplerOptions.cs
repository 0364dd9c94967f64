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
