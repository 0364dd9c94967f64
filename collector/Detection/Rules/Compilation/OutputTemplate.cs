using System.Globalization;
using System.Text;
using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Compilation;

/// <summary>A rule's output with its <c>%field</c> and <c>%(field)</c> placeholders resolved at
/// load (<c>%%</c> is a percent sign). A field without a value prints <c>&lt;NA&gt;</c>, as Falco does; numbers print with at most
/// two decimals, lists as their items joined by ", ".</summary>
internal sealed class OutputTemplate
{
    public const string NotAvailable = "<NA>";

    private readonly Segment[] _segments;

    private OutputTemplate(Segment[] segments)
    {
        _segments = segments;
    }

    /// <summary>Null when a placeholder is wrong (reported in <paramref name="errors"/>).</summary>
    public static OutputTemplate? Parse(SourceScalar output, string rule, RuleSource source, List<RuleError> errors)
    {
        string text = output.Value.TrimEnd();
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        bool valid = true;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 1 < text.Length && text[i + 1] == '%')
            {
                literal.Append('%');
                i++;
                continue;
            }
            if (text[i] != '%' || !TryReadName(text, i, out string name, out int end))
            {
                literal.Append(text[i]);
                continue;
            }
            if (!FieldCatalog.TryGet(name, out var field))
            {
                errors.Add(output.ErrorAt(i, $"unknown field '{name}' in the output of rule '{rule}'"
                    + NameSuggestion.Hint(name, FieldCatalog.All.Select(f => f.Name))));
                valid = false;
            }
            else if (source == RuleSource.User && FieldScope.IsProcessField(field))
            {
                errors.Add(output.ErrorAt(i, FieldScope.UserRuleRefusal(rule, field.Name)));
                valid = false;
            }
            if (literal.Length > 0)
            {
                segments.Add(new Segment(literal.ToString(), null));
                literal.Clear();
            }
            segments.Add(new Segment(null, field));
            i = end - 1;
        }
        if (literal.Length > 0)
        {
            segments.Add(new Segment(literal.ToString(), null));
        }
        return valid ? new OutputTemplate([.. segments]) : null;
    }

    public string Format(IFieldSource fields)
    {
        var output = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (segment.Field is not { } field)
            {
                output.Append(segment.Text);
            }
            else if (!fields.Has(field.Id))
            {
                output.Append(NotAvailable);
            }
            else
            {
                Append(output, field, fields);
            }
        }
        return output.ToString();
    }

    private static void Append(StringBuilder output, FieldDefinition field, IFieldSource fields)
    {
        switch (field.Type)
        {
            case FieldType.String:
                output.Append(fields.GetString(field.Id));
                break;
            case FieldType.Number:
                output.Append(fields.GetNumber(field.Id).ToString("0.##", CultureInfo.InvariantCulture));
                break;
            case FieldType.Bool:
                output.Append(fields.GetBool(field.Id) ? "true" : "false");
                break;
            default:
                output.AppendJoin(", ", fields.GetList(field.Id));
                break;
        }
    }

    /// <summary><c>%(name)</c>, or <c>%name</c> of letters, digits, '_' and '.', without a
    /// sentence's final dot. A '%' not followed by a name is text.</summary>
    private static bool TryReadName(string text, int percent, out string name, out int end)
    {
        int start = percent + 1;
        if (start < text.Length && text[start] == '(')
        {
            int close = text.IndexOf(')', start);
            end = close + 1;
            name = close < 0 ? "" : text[(start + 1)..close].Trim();
            return close > start + 1;
        }
        end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '.'))
        {
            end++;
        }
        while (end > start && text[end - 1] == '.')
        {
            end--;
        }
        name = text[start..end];
        return end > start;
    }

    /// <summary>Literal text, or a field.</summary>
    private readonly record struct Segment(string? Text, FieldDefinition? Field);
}
