using System.Globalization;

namespace HsGuard.Collector.Notifications;

/// <summary>A row of the outbox (times in Unix milliseconds; settable so that Dapper converts
/// SQLite's and PostgreSQL's integer types alike).</summary>
internal sealed class OutboxNotice
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public string Stage { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Recipient { get; set; } = "";
    public string Language { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string Status { get; set; } = "";
    public long Attempts { get; set; }
    public long NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public long CreatedAt { get; set; }
    public long? SentAt { get; set; }
    public string? ClaimedBy { get; set; }
    public long? ClaimedUntil { get; set; }

    /// <summary>The notice's identity towards the world, the same at every try: the local part of
    /// its Message-ID and its webhook Idempotency-Key. The creation time keeps it unique should the
    /// database be made anew and its ids start again.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"hsguard-{Id}-{CreatedAt}");

    public DateTimeOffset Created => DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt);
}
