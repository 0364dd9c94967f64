using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Response;

/// <summary>
/// Whether an incident whose verdict reached suspend is suspended without a hostmaster: by the
/// mode, the allow lists, the severity, whether it has a process tree, and the rate limits, in
/// that order; the first that says no gives the reason.
/// </summary>
internal sealed class ResponsePolicy
{
    private readonly ResponseOptions _options;
    private readonly DetectionOptions _detection;
    private readonly RateLimiter _limits = new();

    public ResponsePolicy(ResponseOptions options, DetectionOptions detection)
    {
        _options = options;
        _detection = detection;
    }

    public ResponseDecision Decide(Incident incident, DateTimeOffset now)
    {
        if (incident.Verdict != Verdict.Suspend)
        {
            return new ResponseDecision(false, $"verdict {incident.Verdict.ToString().ToLowerInvariant()}: nothing to act on");
        }
        if (_options.Mode != ResponseMode.Enforce)
        {
            return new ResponseDecision(false, $"mode {_options.Mode.ToString().ToLowerInvariant()}: no automatic action");
        }
        if (_options.AllowedUsers.Contains(incident.User, StringComparer.Ordinal))
        {
            return new ResponseDecision(false, $"user {incident.User} is allowed (Collector:Response:AllowedUsers)");
        }
        if (_options.AllowedExecutables.Contains(incident.OffenderExe, StringComparer.Ordinal))
        {
            return new ResponseDecision(false, $"executable {incident.OffenderExe} is allowed (Collector:Response:AllowedExecutables)");
        }
        var counted = incident.Findings.Where(f => !_options.AllowedRules.Contains(f.Rule, StringComparer.Ordinal)).ToList();
        int score = counted.Sum(f => f.Weight);
        if (score < _detection.SuspendScore)
        {
            return new ResponseDecision(false, $"without the allowed rules the score is {score}, under {_detection.SuspendScore}");
        }
        int threshold = Priorities.Rank(_options.SuspendMinimumSeverity);
        if (!counted.Any(f => Priorities.Rank(f.Priority) >= threshold))
        {
            return new ResponseDecision(false, $"no rule of priority {_options.SuspendMinimumSeverity} or higher fired (behaviour alone): alert only");
        }
        if (incident.RootPid == 0)
        {
            return new ResponseDecision(false, "the incident is about the user as a whole: no process tree to suspend");
        }
        if (_limits.TryTake(incident.Host, now, _options.RateWindow, _options.PerHostActions, _options.GlobalActions) is { } limited)
        {
            return new ResponseDecision(false, "rate limit: " + limited);
        }
        return new ResponseDecision(true, $"score {score} with {string.Join(", ", counted.Where(f => Priorities.Rank(f.Priority) >= threshold).Select(f => f.Rule))}");
    }
}
