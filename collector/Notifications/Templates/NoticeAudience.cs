namespace HsGuard.Collector.Notifications.Templates;

/// <summary>Who a notice is written for.</summary>
public enum NoticeAudience
{
    /// <summary>The member whose user it is: plain language, what to do now.</summary>
    Member,
    /// <summary>The hostmasters: the facts, and whether the member is known.</summary>
    Hostmaster,
}
