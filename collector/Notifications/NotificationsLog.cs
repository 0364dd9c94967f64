namespace HsGuard.Collector.Notifications;

/// <summary>Planning and sending notices (event ids 9401-9411).</summary>
internal static partial class NotificationsLog
{
    [LoggerMessage(9401, LogLevel.Information, "Notifications: e-mail {Email}, {Hostmasters} hostmaster addresses, webhook {Webhook}")]
    public static partial void Channels(ILogger logger, string email, int hostmasters, string webhook);

    [LoggerMessage(9402, LogLevel.Warning, "Notifications: neither e-mail (Collector:Notifications:Smtp:Host) nor a webhook (Collector:Notifications:Hostmasters:WebhookUrl) is configured: nobody is told about incidents")]
    public static partial void NobodyToTell(ILogger logger);

    [LoggerMessage(9403, LogLevel.Information, "Notifications: response mode Observe, nobody is told about incidents")]
    public static partial void Observing(ILogger logger);

    [LoggerMessage(9404, LogLevel.Information, "Incident {Incident}: planned {Count} notices ({Stages})")]
    public static partial void Planned(ILogger logger, long incident, int count, string stages);

    [LoggerMessage(9405, LogLevel.Warning, "Incident {Incident} on {Host}: no member is known for user {User} ({How}); only the hostmasters are told")]
    public static partial void UnknownMember(ILogger logger, long incident, string host, string user, string how);

    [LoggerMessage(9406, LogLevel.Information, "Notice {Notice} (incident {Incident}, {Stage}) sent by {Channel} to {Recipient}, try {Attempt}")]
    public static partial void Sent(ILogger logger, long notice, long incident, string stage, string channel, string recipient, long attempt);

    [LoggerMessage(9407, LogLevel.Warning, "Notice {Notice} (incident {Incident}) by {Channel} to {Recipient} failed, try {Attempt}: {Error}; next try at {Next}")]
    public static partial void SendFailed(ILogger logger, long notice, long incident, string channel, string recipient, long attempt, string error, DateTimeOffset next);

    [LoggerMessage(9408, LogLevel.Error, "Notice {Notice} (incident {Incident}, {Stage}) by {Channel} to {Recipient} given up after {Attempts} tries: {Error}")]
    public static partial void GivenUp(ILogger logger, long notice, long incident, string stage, string channel, string recipient, long attempts, string error);

    [LoggerMessage(9409, LogLevel.Warning, "Notice {Notice} (incident {Incident}) was sent, but this collector's claim had run out ({ClaimTimeout}): another collector may have sent it too")]
    public static partial void ClaimLost(ILogger logger, long notice, long incident, TimeSpan claimTimeout);

    [LoggerMessage(9410, LogLevel.Information, "Outbox: {Count} notices this collector held when it stopped are free to send again")]
    public static partial void ClaimsReleased(ILogger logger, int count);

    [LoggerMessage(9411, LogLevel.Information, "Notifications at start: {Incidents} incidents looked at, {Notices} missing notices planned")]
    public static partial void Reconciled(ILogger logger, int incidents, int notices);
}
