using System.ComponentModel.DataAnnotations;
using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Response;

/// <summary>The response policy. Bound from "Collector:Response".</summary>
public sealed class ResponseOptions : IValidatableObject
{
    public const string Section = "Collector:Response";

    /// <summary>Observe, Alert or Enforce. Defaults to Enforce, for the clearest signals only (see
    /// <see cref="SuspendMinimumSeverity"/>).</summary>
    public ResponseMode Mode { get; set; } = ResponseMode.Enforce;

    /// <summary>An incident with a suspend verdict is suspended automatically only when one of its
    /// rules has at least this priority (Falco's scale). Defaults to WARNING: a disguise, a dropped
    /// program or a miner's own words; behaviour alone (NOTICE rules) alerts and waits for a
    /// hostmaster.</summary>
    [Required]
    public string SuspendMinimumSeverity { get; set; } = "WARNING";

    /// <summary>A command the agent has not received by then is dropped, never sent late. Defaults to 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan CommandTimeToLive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Automatic suspensions one host may get within <see cref="RateWindow"/>. Defaults to 3.</summary>
    [Range(0, 10_000)]
    public int PerHostActions { get; set; } = 3;

    /// <summary>Automatic suspensions over all hosts within <see cref="RateWindow"/>. Defaults to 20.</summary>
    [Range(0, 100_000)]
    public int GlobalActions { get; set; } = 20;

    /// <summary>The window of the rate limits. Defaults to 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Users never acted on automatically (still recorded and alerted).</summary>
    public string[] AllowedUsers { get; set; } = [];

    /// <summary>Executables (the offender's path) never acted on automatically.</summary>
    public string[] AllowedExecutables { get; set; } = [];

    /// <summary>Rules that do not count towards an automatic suspension: the incident is acted on
    /// only if the rest of its rules still reach the suspend score.</summary>
    public string[] AllowedRules { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Priorities.Rank(SuspendMinimumSeverity) < 0)
        {
            yield return new ValidationResult(
                $"SuspendMinimumSeverity '{SuspendMinimumSeverity}' is not a priority (EMERGENCY ALERT CRITICAL ERROR WARNING NOTICE INFORMATIONAL DEBUG)",
                [nameof(SuspendMinimumSeverity)]);
        }
    }
}
