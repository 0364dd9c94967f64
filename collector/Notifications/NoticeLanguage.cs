namespace HsGuard.Collector.Notifications;

/// <summary>The languages notices are written in; a member's, or the hostmasters'.</summary>
public enum NoticeLanguage
{
    En,
    De,
}
