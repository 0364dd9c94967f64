namespace HsGuard.Collector.Detection.Rules.Yaml;

/// <summary>A rules file's path and text; the text is kept to place errors inside conditions that
/// span several lines.</summary>
internal sealed class SourceFile
{
    private string[]? _lines;

    public SourceFile(string path, string text)
    {
        Path = path;
        Text = text;
    }

    public string Path { get; }

    public string Text { get; }

    /// <summary>Line <paramref name="number"/> (1-based) without its line break; empty past the end.</summary>
    public string Line(int number)
    {
        _lines ??= Text.Split('\n');
        return number >= 1 && number <= _lines.Length ? _lines[number - 1].TrimEnd('\r') : "";
    }
}
