using YamlDotNet.Core;

namespace HsGuard.Collector.Detection.Rules.Yaml;

internal sealed class SourceScalar : SourceNode
{
    public SourceScalar(SourceFile file, int line, int column, int endLine, int endColumn, string value, ScalarStyle style)
        : base(file, line, column)
    {
        EndLine = endLine;
        EndColumn = endColumn;
        Value = value;
        Style = style;
    }

    public int EndLine { get; }

    public int EndColumn { get; }

    public string Value { get; }

    public ScalarStyle Style { get; }

    /// <summary>An empty plain scalar: a key with nothing after it (<c>condition:</c>).</summary>
    public bool IsNull => Value.Length == 0 && Style == ScalarStyle.Plain;

    public override string Kind => "a value";

    /// <summary>The error at character <paramref name="offset"/> of <see cref="Value"/>.</summary>
    public RuleError ErrorAt(int offset, string message)
    {
        var (line, column) = Locate(offset);
        return new RuleError(File.Path, line, column, message);
    }

    /// <summary>
    /// Where character <paramref name="offset"/> of the value stands in the file. The value's lines
    /// are the file's lines from start to end less indentation (and the quote, or the block header
    /// line of <c>&gt;</c> and <c>|</c>), joined by folding; each is found again in the value in turn.
    /// That holds for plain, folded, literal and quoted scalars without escapes; where it does not
    /// hold (an escape, a line that folds differently), the scalar's start is the answer. A
    /// character in the white space between two lines (or after the last) is placed just after the
    /// text before it, where a person would look for what is missing.
    /// </summary>
    public (int Line, int Column) Locate(int offset)
    {
        bool block = Style is ScalarStyle.Literal or ScalarStyle.Folded;
        int quote = Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        int position = 0;
        (int Line, int Column)? after = null;
        for (int number = block ? Line + 1 : Line; number <= EndLine; number++)
        {
            string text = File.Line(number);
            int from = number == Line ? Math.Min(text.Length, Column - 1 + quote) : 0;
            int to = number == EndLine ? Math.Clamp(EndColumn - 1 - quote, from, text.Length) : text.Length;
            var segment = text.AsSpan(from, to - from);
            int indent = segment.Length - segment.TrimStart().Length;
            segment = segment.Trim();
            if (segment.IsEmpty)
            {
                continue;
            }
            while (position < Value.Length && char.IsWhiteSpace(Value[position]))
            {
                position++;
            }
            if (!Value.AsSpan(position).StartsWith(segment, StringComparison.Ordinal))
            {
                return (Line, Column);
            }
            int first = from + indent + 1;
            if (offset < position)
            {
                return after ?? (number, first);
            }
            if (offset < position + segment.Length)
            {
                return (number, first + offset - position);
            }
            position += segment.Length;
            after = (number, first + segment.Length);
        }
        return after ?? (Line, Column);
    }
}
