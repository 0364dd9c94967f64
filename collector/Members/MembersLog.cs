namespace HsGuard.Collector.Members;

/// <summary>The member directory (event ids 9301-9304).</summary>
internal static partial class MembersLog
{
    [LoggerMessage(9301, LogLevel.Information, "Member directory: {File} with {Members} members and {Users} explicit users")]
    public static partial void Loaded(ILogger logger, string file, int members, int users);

    [LoggerMessage(9302, LogLevel.Warning, "The members file {File} changed and has {Count} errors; the last good one stays in force")]
    public static partial void ReloadFailed(ILogger logger, string file, int count);

    [LoggerMessage(9303, LogLevel.Warning, "Members file error: {Error}")]
    public static partial void FileError(ILogger logger, string error);

    [LoggerMessage(9304, LogLevel.Error, "The database's entry for member {Member} is invalid ({Error}): the member counts as unknown")]
    public static partial void BadDatabaseEntry(ILogger logger, string member, string error);
}
