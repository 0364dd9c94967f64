using System.ComponentModel.DataAnnotations;

namespace HsGuard.Collector.Notifications;

/// <summary>How the outbox retries. Bound from "Collector:Notifications:Outbox".</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the sender looks for notices due again (a new notice wakes it at once).
    /// Defaults to 10 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failure; it doubles with each further failure, with
    /// ±20 % jitter. Defaults to 30 s.</summary>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two tries. Defaults to 30 min.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A notice not sent this long after it was planned is given up as failed (and shown
    /// to the hostmasters: <c>notifications list --status failed</c>). Defaults to 3 days.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long a collector holds a notice it is sending; another collector on the same
    /// database may take it over after that (the holder crashed). Must exceed a whole send
    /// (connect, authenticate, submit). Defaults to 5 min.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    internal IEnumerable<ValidationResult> Validate(string section, TimeSpan longestSend)
    {
        foreach (var (key, value, min, max) in new[]
        {
            (nameof(PollInterval), PollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            (nameof(RetryMinDelay), RetryMinDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            (nameof(RetryMaxDelay), RetryMaxDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1)),
            (nameof(GiveUpAfter), GiveUpAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)),
        })
        {
            if (value < min || value > max)
            {
                yield return new ValidationResult($"{section}:{key}: {value} is not between {min} and {max}", [key]);
            }
        }
        if (RetryMaxDelay < RetryMinDelay)
        {
            yield return new ValidationResult($"{section}:RetryMaxDelay: {RetryMaxDelay} is less than RetryMinDelay {RetryMinDelay}", [nameof(RetryMaxDelay)]);
        }
        if (ClaimTimeout < 4 * longestSend || ClaimTimeout > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult(
                $"{section}:ClaimTimeout: {ClaimTimeout} must be at least four times the longest send timeout ({longestSend}) and at most 1 h",
                [nameof(ClaimTimeout)]);
        }
    }
}
