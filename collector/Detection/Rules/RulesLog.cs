namespace HsGuard.Collector.Detection.Rules;

/// <summary>The rules' loading and reloading (event ids 6101-6108). A failed reload logs one
/// warning for the failure and one for each error, with its file, line and column.</summary>
internal static partial class RulesLog
{
    [LoggerMessage(6101, LogLevel.Information, "Loaded rules version {Version}: {Rules} rules, {Macros} macros, {Lists} lists from {Files} files")]
    public static partial void Loaded(ILogger logger, string version, int rules, int macros, int lists, int files);

    [LoggerMessage(6102, LogLevel.Information, "Reloaded rules version {Version} (was {Previous}): {Rules} rules, {Macros} macros, {Lists} lists from {Files} files")]
    public static partial void Reloaded(ILogger logger, string version, string previous, int rules, int macros, int lists, int files);

    [LoggerMessage(6103, LogLevel.Warning, "Rules reload failed with {Count} errors; rules version {Version} stays in force until they are fixed")]
    public static partial void ReloadFailed(ILogger logger, int count, string version);

    [LoggerMessage(6104, LogLevel.Warning, "Rule error: {File}:{Line}:{Column}: {Message}")]
    public static partial void RuleError(ILogger logger, string file, int line, int column, string message);

    [LoggerMessage(6105, LogLevel.Debug, "Rules files unchanged (version {Version})")]
    public static partial void Unchanged(ILogger logger, string version);

    [LoggerMessage(6106, LogLevel.Warning, "Watching the rules in {Path} failed; reloading them all")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(6107, LogLevel.Debug, "Watching the rules in {Path}")]
    public static partial void Watching(ILogger logger, string path);

    [LoggerMessage(6108, LogLevel.Information, "Rules errors fixed; rules version {Version} stays in force, unchanged")]
    public static partial void Recovered(ILogger logger, string version);
}
