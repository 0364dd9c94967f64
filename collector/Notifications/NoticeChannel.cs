namespace HsGuard.Collector.Notifications;

/// <summary>How a notice travels.</summary>
public enum NoticeChannel
{
    /// <summary>E-mail over SMTP; the recipient is an address.</summary>
    Email,
    /// <summary>A JSON POST to the hostmasters' webhook (chat, paging); the recipient is "hostmasters".</summary>
    Webhook,
}
