namespace HsGuard.Collector.Detection.Rules.Yaml;

/// <summary>A mapping in file order; a key appears once (the reader reports a repeated one).</summary>
internal sealed class SourceMapping : SourceNode
{
    public SourceMapping(SourceFile file, int line, int column)
        : base(file, line, column)
    {
    }

    public List<KeyValuePair<SourceScalar, SourceNode>> Entries { get; } = [];

    public override string Kind => "a mapping";

    public SourceScalar? KeyNode(string key) => Entries.Find(e => e.Key.Value == key).Key;
}
