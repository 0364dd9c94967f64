using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Members;
using HsGuard.Collector.Notifications.Templates;

namespace HsGuard.Collector.Notifications;

/// <summary>
/// Which notices an incident's state calls for, rendered: a pure function of the incident, its
/// member and the configuration, so that planning again (at every start, for every open incident)
/// yields the same rows and the outbox's unique key makes them no-ops.
/// <list type="bullet">
/// <item>found: the verdict is alert or suspend (record-only incidents are told to no one);</item>
/// <item>suspended: the agent suspended the tree (now or before a hostmaster resumed it);</item>
/// <item>resolved: the hostmasters closed the incident or judged it a false positive. Resumed and
/// Killed are steps on the way, not an end: the member hears about the end.</item>
/// </list>
/// Each goes to the member's addresses (in the member's language, when the member is known and
/// e-mail is configured), the hostmasters' addresses and their webhook. Texts are rendered now,
/// not when sent: what is sent is what was decided, a retry three days later sends the same
/// words, and the sender needs neither the incident nor the templates.
/// </summary>
internal sealed class NoticePlanner
{
    private readonly NotificationsOptions _options;
    private readonly TemplateSet _templates;

    public NoticePlanner(NotificationsOptions options, TemplateSet templates)
    {
        _options = options;
        _templates = templates;
    }

    public static IEnumerable<NoticeStage> DueStages(IncidentFacts facts)
    {
        if (facts.Verdict < Verdict.Alert)
        {
            yield break;
        }
        yield return NoticeStage.Found;
        if (facts.WasSuspended)
        {
            yield return NoticeStage.Suspended;
        }
        if (facts.Status is IncidentStatus.Closed or IncidentStatus.FalsePositive)
        {
            yield return NoticeStage.Resolved;
        }
    }

    public List<PlannedNotice> Plan(IncidentFacts facts, MemberLookup lookup)
    {
        var notices = new List<PlannedNotice>();
        var hostmasters = _options.Hostmasters;
        foreach (var stage in DueStages(facts))
        {
            if (_options.Smtp.Enabled && lookup.Member is { } member)
            {
                var (subject, body) = Render(NoticeAudience.Member, stage, member.Language, facts, lookup);
                notices.AddRange(member.Emails.Select(e => new PlannedNotice(facts.Id, stage, NoticeChannel.Email, e, member.Language, subject, body)));
            }
            if (!(_options.Smtp.Enabled && hostmasters.Emails.Length > 0) && string.IsNullOrWhiteSpace(hostmasters.WebhookUrl))
            {
                continue;
            }
            var alert = Render(NoticeAudience.Hostmaster, stage, hostmasters.Language, facts, lookup);
            if (_options.Smtp.Enabled)
            {
                notices.AddRange(hostmasters.Emails.Select(e =>
                    new PlannedNotice(facts.Id, stage, NoticeChannel.Email, e, hostmasters.Language, alert.Subject, alert.Body)));
            }
            if (!string.IsNullOrWhiteSpace(hostmasters.WebhookUrl))
            {
                notices.Add(new PlannedNotice(facts.Id, stage, NoticeChannel.Webhook, PlannedNotice.Hostmasters, hostmasters.Language,
                    alert.Subject, WebhookPayload.Json(facts, lookup, stage, alert.Subject, _options.IncidentUrl(facts.Id))));
            }
        }
        return notices;
    }

    private (string Subject, string Body) Render(NoticeAudience audience, NoticeStage stage, NoticeLanguage language, IncidentFacts facts, MemberLookup lookup) =>
        _templates.Get(audience, stage, language).Render(NoticeValues.For(facts, lookup, stage, language, _templates.Signals, _options));
}
