namespace HsGuard.Collector.Notifications;

/// <summary>A notice as planned: to whom, through what, and its rendered text (for a webhook the
/// JSON body). It is written to the outbox once: (incident, stage, channel, recipient) is unique.</summary>
internal sealed record PlannedNotice(long IncidentId, NoticeStage Stage, NoticeChannel Channel, string Recipient, NoticeLanguage Language,
    string Subject, string Body)
{
    /// <summary>The recipient of a webhook notice: the hostmasters' one webhook. The URL itself
    /// stays in the configuration (it often holds a secret token) and may change while a notice waits.</summary>
    public const string Hostmasters = "hostmasters";
}
