namespace HsGuard.Collector.Web.Triage;

/// <summary>A notice about an incident in the outbox: to whom, at which stage, and whether it went out.</summary>
public sealed record NoticeView(
    long Id,
    DateTimeOffset Created,
    string Stage,
    string Channel,
    string Recipient,
    string Subject,
    string Status,
    int Attempts,
    DateTimeOffset? SentAt,
    string? LastError);
