using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HsGuard.Collector.Detection.Rules.Yaml;

/// <summary>Reads a file's YAML documents into <see cref="SourceNode"/> trees from YamlDotNet's
/// parser events. A repeated key is an error that does not stop the reading; a syntax error does,
/// but the items of a top-level list read before it are kept, so that their own errors are reported
/// too and later files that refer to them do not report them missing.</summary>
internal static class SourceTreeReader
{
    public static List<SourceNode> Read(SourceFile file, List<RuleError> errors)
    {
        var roots = new List<SourceNode>();
        var reader = new State(file, new Parser(new StringReader(file.Text)), errors);
        try
        {
            reader.Parser.Consume<StreamStart>();
            while (!reader.Parser.TryConsume<StreamEnd>(out _))
            {
                reader.Parser.Consume<DocumentStart>();
                var root = reader.ReadNode(roots.Add);
                if (root is not SourceSequence)
                {
                    roots.Add(root);
                }
                reader.Parser.Consume<DocumentEnd>();
            }
        }
        catch (YamlException e)
        {
            errors.Add(new RuleError(file.Path, (int)e.Start.Line, (int)e.Start.Column, "YAML syntax: " + Sentence(e.Message)));
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some broken input (an
            // unclosed flow sequence followed by a mapping key): placed at the last event read.
            var at = reader.Parser.Current?.Start ?? Mark.Empty;
            errors.Add(new RuleError(file.Path, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), "YAML syntax: " + Sentence(e.Message)));
        }
        return roots;
    }

    private static string Sentence(string message) => message.TrimEnd('.', ' ');

    private sealed class State(SourceFile file, IParser parser, List<RuleError> errors)
    {
        private readonly Dictionary<string, SourceNode> _anchors = new(StringComparer.Ordinal);

        public IParser Parser { get; } = parser;

        /// <summary>Reads one node; a list is handed to <paramref name="started"/> before its items
        /// are read, so that what was read of it survives a syntax error further on.</summary>
        public SourceNode ReadNode(Action<SourceNode>? started = null)
        {
            var e = Parser.Consume<ParsingEvent>();
            SourceNode node;
            switch (e)
            {
                case Scalar s:
                    node = new SourceScalar(file, Line(s.Start), Column(s.Start), Line(s.End), Column(s.End), s.Value, s.Style);
                    break;
                case SequenceStart s:
                    var sequence = new SourceSequence(file, Line(s.Start), Column(s.Start));
                    started?.Invoke(sequence);
                    while (!Parser.TryConsume<SequenceEnd>(out _))
                    {
                        sequence.Items.Add(ReadNode());
                    }
                    node = sequence;
                    break;
                case MappingStart s:
                    node = ReadMapping(new SourceMapping(file, Line(s.Start), Column(s.Start)));
                    break;
                case AnchorAlias a:
                    return _anchors.TryGetValue(a.Value.Value, out var target)
                        ? target
                        : throw new YamlException(a.Start, a.End, $"unknown alias *{a.Value.Value}");
                default:
                    throw new YamlException(e.Start, e.End, $"unexpected {e.GetType().Name}");
            }
            if (e is NodeEvent { Anchor.IsEmpty: false } anchored)
            {
                _anchors[anchored.Anchor.Value] = node;
            }
            return node;
        }

        private SourceMapping ReadMapping(SourceMapping mapping)
        {
            while (!Parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode();
                var value = ReadNode();
                if (key is not SourceScalar name)
                {
                    errors.Add(key.Error($"a key must be a word, not {key.Kind}"));
                }
                else if (mapping.KeyNode(name.Value) is { } first)
                {
                    errors.Add(name.Error(string.Create(CultureInfo.InvariantCulture,
                        $"duplicate key '{name.Value}' (first on line {first.Line})")));
                }
                else
                {
                    mapping.Entries.Add(new(name, value));
                }
            }
            return mapping;
        }

        private static int Line(Mark mark) => (int)mark.Line;

        private static int Column(Mark mark) => (int)mark.Column;
    }
}
