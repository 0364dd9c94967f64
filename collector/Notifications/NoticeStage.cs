namespace HsGuard.Collector.Notifications;

/// <summary>
/// The points in an incident's life at which people are told, each once per recipient. Which of
/// them are due is a function of the incident's state (<see cref="NoticePlanner"/>).
/// </summary>
public enum NoticeStage
{
    /// <summary>The verdict reached alert or suspend (a record-only incident is told to no one).</summary>
    Found,
    /// <summary>The agent suspended the incident's process tree.</summary>
    Suspended,
    /// <summary>The hostmasters closed the incident or judged it a false positive.</summary>
    Resolved,
}
