namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary><c>pmatch</c>, Falco's path prefix match: the value is one of the paths or lies under
/// it (<c>/tmp</c> matches <c>/tmp</c> and <c>/tmp/x/y</c>, not <c>/tmpfoo</c>). A trailing slash
/// on an item is ignored; <c>/</c> matches every absolute path.</summary>
internal sealed class PathPrefixMatcher : StringMatcher
{
    private readonly string[] _paths;

    public PathPrefixMatcher(IEnumerable<string> paths)
    {
        _paths = [.. paths.Select(p => p.Length > 1 ? p.TrimEnd('/') : p)];
    }

    public override bool Matches(string value)
    {
        foreach (string path in _paths)
        {
            if (value.StartsWith(path, StringComparison.Ordinal)
                && (value.Length == path.Length || path[^1] == '/' || value[path.Length] == '/'))
            {
                return true;
            }
        }
        return false;
    }
}
