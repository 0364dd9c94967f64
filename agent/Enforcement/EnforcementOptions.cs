using System.ComponentModel.DataAnnotations;

namespace HsGuard.Agent.Enforcement;

/// <summary>What the agent may act on and how it holds a suspension. Bound from
/// "Agent:Enforcement". The lists start empty: configuration binding appends to a list that
/// starts filled, so a default entry could never be taken out.</summary>
public sealed class EnforcementOptions : IValidatableObject
{
    public const string Section = "Agent:Enforcement";

    /// <summary>"auto" (the default): cgroup v2 when /sys/fs/cgroup/cgroup.controllers exists,
    /// else the cgroup v1 freezer at /sys/fs/cgroup/freezer, else signals. "none": signals only
    /// (SIGSTOP, re-sent every tick). A path: the mount point of a cgroup v2 hierarchy or of a
    /// cgroup v1 freezer hierarchy.</summary>
    [Required]
    public string CgroupRoot { get; set; } = Auto;

    /// <summary>The agent's own cgroup under <see cref="CgroupRoot"/>, which holds one cgroup an
    /// incident ("incident-42"). Defaults to "hsguard".</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "CgroupParent must be one directory name: letters, digits, '_', '.', '-'")]
    public string CgroupParent { get; set; } = "hsguard";

    /// <summary>Act on processes of root and system users too. Defaults to false.</summary>
    public bool AllowSystemUsers { get; set; }

    /// <summary>The first uid of a member's user; uids below it, and 65534 (nobody) and above,
    /// belong to system users. Defaults to 1000 (Debian's FIRST_UID).</summary>
    [Range(1, 65533)]
    public uint FirstMemberUid { get; set; } = 1000;

    /// <summary>Login names whose processes are never acted on. Empty by default.</summary>
    public List<string> ProtectedUsers { get; set; } = [];

    /// <summary>Executables (absolute paths) whose processes are never acted on. Empty by default.</summary>
    public List<string> ProtectedExes { get; set; } = [];

    /// <summary>Bytes of a suspended process's executable copied into its evidence (the hash
    /// always covers the whole file). Defaults to 64 MiB; 0 copies nothing.</summary>
    [Range(0, 1024L * 1024 * 1024)]
    public long EvidenceMaxExeBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Bytes of the copy in one message. Defaults to 1 MiB; at most 2 MiB, well under the
    /// collector's 4 MiB message limit.</summary>
    [Range(4 * 1024, 2 * 1024 * 1024)]
    public int EvidenceChunkBytes { get; set; } = 1024 * 1024;

    /// <summary>Where the cron daemon keeps each user's crontab, for the evidence. Defaults to
    /// /var/spool/cron/crontabs (Debian's cron).</summary>
    [Required]
    public string CrontabDirectory { get; set; } = "/var/spool/cron/crontabs";

    /// <summary>The active suspensions, kept here so that an agent restart keeps holding them
    /// (signals have nothing else to remember them by). Defaults to
    /// /var/lib/hsguard/agent-suspensions.json.</summary>
    [Required]
    public string StateFile { get; set; } = "/var/lib/hsguard/agent-suspensions.json";

    /// <summary>Without a freezer, how often the members of a suspension are looked at between
    /// ticks and stopped again if another process of their user continued them. Defaults to
    /// 20 ms (one stat read a member each time).</summary>
    [Range(typeof(TimeSpan), "00:00:00.005", "00:01:00")]
    public TimeSpan SignalRecheckInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Command ids remembered with their result, so that a resent command is answered
    /// again and not carried out twice. Defaults to 4096.</summary>
    [Range(16, 1_000_000)]
    public int RememberedCommands { get; set; } = 4096;

    public const string Auto = "auto";
    public const string None = "none";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CgroupRoot is not (Auto or None))
        {
            if (!Path.IsPathRooted(CgroupRoot))
            {
                yield return new ValidationResult($"CgroupRoot '{CgroupRoot}' must be \"auto\", \"none\" or an absolute path", [nameof(CgroupRoot)]);
            }
            else if (!File.Exists(Path.Combine(CgroupRoot, "cgroup.procs")))
            {
                yield return new ValidationResult($"CgroupRoot '{CgroupRoot}' is not a cgroup hierarchy (no cgroup.procs in it)", [nameof(CgroupRoot)]);
            }
        }
        foreach (string exe in ProtectedExes)
        {
            if (!Path.IsPathRooted(exe))
            {
                yield return new ValidationResult($"ProtectedExes entry '{exe}' is not an absolute path", [nameof(ProtectedExes)]);
            }
        }
        foreach (string user in ProtectedUsers)
        {
            if (string.IsNullOrWhiteSpace(user))
            {
                yield return new ValidationResult("ProtectedUsers holds an empty name", [nameof(ProtectedUsers)]);
            }
        }
        if (!Path.IsPathRooted(StateFile))
        {
            yield return new ValidationResult($"StateFile '{StateFile}' is not an absolute path", [nameof(StateFile)]);
        }
        if (EvidenceChunkBytes > 0 && EvidenceMaxExeBytes > 0 && EvidenceMaxExeBytes / EvidenceChunkBytes > 4096)
        {
            yield return new ValidationResult(
                $"EvidenceMaxExeBytes {EvidenceMaxExeBytes} would take more than 4096 chunks of EvidenceChunkBytes {EvidenceChunkBytes}",
                [nameof(EvidenceMaxExeBytes), nameof(EvidenceChunkBytes)]);
        }
    }
}
