namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>Quoting for sh -c.</summary>
internal static class Shell
{
    /// <summary>The word in single quotes, each ' in it written as '\''.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
