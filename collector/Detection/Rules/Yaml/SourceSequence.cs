namespace HsGuard.Collector.Detection.Rules.Yaml;

internal sealed class SourceSequence : SourceNode
{
    public SourceSequence(SourceFile file, int line, int column)
        : base(file, line, column)
    {
    }

    public List<SourceNode> Items { get; } = [];

    public override string Kind => "a list";
}
