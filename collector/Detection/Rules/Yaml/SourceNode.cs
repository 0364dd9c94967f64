namespace HsGuard.Collector.Detection.Rules.Yaml;

/// <summary>A YAML node with the place it starts at: HsGuard's own small tree, because YamlDotNet's
/// representation model stops at a duplicate key and keeps nothing of a file with a syntax error.</summary>
internal abstract class SourceNode
{
    protected SourceNode(SourceFile file, int line, int column)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public SourceFile File { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>What the node is, for "expected a list, found a mapping".</summary>
    public abstract string Kind { get; }

    public RuleError Error(string message) => new(File.Path, Line, Column, message);
}
