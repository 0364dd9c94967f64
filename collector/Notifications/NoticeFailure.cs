namespace HsGuard.Collector.Notifications;

/// <summary>A notice could not be delivered to its server.</summary>
internal sealed class NoticeFailure : Exception
{
    public NoticeFailure(string message, bool permanent, bool serverDown = false, Exception? inner = null)
        : base(message, inner)
    {
        Permanent = permanent;
        ServerDown = serverDown;
    }

    /// <summary>Trying again cannot help (the server refused the recipient for good): given up at once.</summary>
    public bool Permanent { get; }

    /// <summary>The server could not be reached or refused the session (not this message): the
    /// channel's other notices wait too instead of each timing out in turn.</summary>
    public bool ServerDown { get; }
}
