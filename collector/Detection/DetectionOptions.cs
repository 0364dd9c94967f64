using System.ComponentModel.DataAnnotations;

namespace HsGuard.Collector.Detection;

/// <summary>How findings become verdicts. Bound from "Collector:Detection".</summary>
public sealed class DetectionOptions : IValidatableObject
{
    public const string Section = "Collector:Detection";

    /// <summary>An incident whose rules' weights add up to this raises an alert. Defaults to 50.</summary>
    [Range(1, 100_000)]
    public int AlertScore { get; set; } = 50;

    /// <summary>An incident whose rules' weights add up to this is to be suspended. Defaults to 100.</summary>
    [Range(1, 100_000)]
    public int SuspendScore { get; set; } = 100;

    /// <summary>Users with a uid below this (and root) are system accounts (user.system). Defaults
    /// to 1000, Debian's first regular uid.</summary>
    [Range(1, int.MaxValue)]
    public int FirstMemberUid { get; set; } = 1000;

    /// <summary>Span of the windowed facts (CPU mean and flatness, I/O and switch rates). Defaults
    /// to 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An incident whose processes have all exited stays in memory this long after its
    /// last finding (it stays in the store for good). Defaults to 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IncidentMemoryRetention { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SuspendScore <= AlertScore)
        {
            yield return new ValidationResult($"SuspendScore ({SuspendScore}) must be above AlertScore ({AlertScore})",
                [nameof(SuspendScore), nameof(AlertScore)]);
        }
    }
}
