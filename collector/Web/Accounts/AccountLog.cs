namespace HsGuard.Collector.Web.Accounts;

internal static partial class AccountLog
{
    [LoggerMessage(9201, LogLevel.Warning, "Created {Path} with the hostmaster 'admin', password {Password} (shown this once; change it with: hsguard-collector account password admin)")]
    public static partial void Created(ILogger logger, string path, string password);

    [LoggerMessage(9202, LogLevel.Information, "Accounts read again from {Path}: {Count} accounts")]
    public static partial void Reloaded(ILogger logger, string path, int count);

    [LoggerMessage(9203, LogLevel.Error, "The accounts file {Path} is broken; the accounts read before stay in use: {Errors}")]
    public static partial void Broken(ILogger logger, string path, string errors);

    [LoggerMessage(9204, LogLevel.Warning, "Failed login for {Name} from {Remote}")]
    public static partial void LoginFailed(ILogger logger, string name, string remote);

    [LoggerMessage(9205, LogLevel.Information, "{Name} logged in from {Remote}")]
    public static partial void LoggedIn(ILogger logger, string name, string remote);
}
