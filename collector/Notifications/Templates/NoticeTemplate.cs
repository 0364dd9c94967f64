using System.Globalization;
using System.Text;
using HsGuard.Collector.Detection.Rules;

namespace HsGuard.Collector.Notifications.Templates;

/// <summary>
/// A notice template: plain text whose first line is <c>Subject: …</c> and whose other lines are
/// the body, with named placeholders <c>{{host}}</c> and nothing else: no code, no conditions, so a
/// hoster can reword a notice without being able to break it. An unknown placeholder, an unclosed
/// one, a missing subject line or a missing required placeholder is an error with file, line and
/// column, found when the template is loaded (at start, or by <c>notifications validate</c>).
/// </summary>
internal sealed class NoticeTemplate
{
    private readonly IReadOnlyList<Part> _subject;
    private readonly IReadOnlyList<Part> _body;

    private NoticeTemplate(string path, IReadOnlyList<Part> subject, IReadOnlyList<Part> body)
    {
        Path = path;
        _subject = subject;
        _body = body;
    }

    public string Path { get; }

    /// <summary>Parses <paramref name="text"/>; null with the errors added when it is not a template.</summary>
    public static NoticeTemplate? Parse(string path, string text, IReadOnlyCollection<string> required, List<RuleError> errors)
    {
        int before = errors.Count;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        const string Prefix = "Subject:";
        if (!lines[0].StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || lines[0].Length == Prefix.Length
            || string.IsNullOrWhiteSpace(lines[0][Prefix.Length..]))
        {
            errors.Add(new RuleError(path, 1, 1, "the first line must be the subject: 'Subject: …'"));
            return null;
        }
        var used = new HashSet<string>(StringComparer.Ordinal);
        int start = lines[0].Length - lines[0][Prefix.Length..].TrimStart().Length;
        var subject = ParseLine(path, 1, start, lines[0][start..].TrimEnd(), used, errors);
        // The body starts after the subject line and the blank lines that follow it.
        int first = 1;
        while (first < lines.Length && string.IsNullOrWhiteSpace(lines[first]))
        {
            first++;
        }
        var body = new List<Part>();
        for (int i = first; i < lines.Length; i++)
        {
            if (i > first)
            {
                body.Add(new Part("\n", null));
            }
            body.AddRange(ParseLine(path, i + 1, 0, lines[i], used, errors));
        }
        foreach (string name in required.Where(r => !used.Contains(r)))
        {
            errors.Add(new RuleError(path, 0, 0, $"the required placeholder {{{{{name}}}}} is missing"));
        }
        return errors.Count == before ? new NoticeTemplate(path, subject, body) : null;
    }

    /// <summary>The subject (on one line) and the body, with each placeholder's value.</summary>
    public (string Subject, string Body) Render(IReadOnlyDictionary<string, string> values)
    {
        string subject = Join(_subject, values);
        // A header is one line: a value with a line break (a process name can hold one) is flattened.
        subject = string.Join(' ', subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        // A placeholder that is empty at the top (no warning) leaves no blank line before the text.
        return (subject, Join(_body, values).TrimStart('\n').TrimEnd() + "\n");
    }

    private static string Join(IReadOnlyList<Part> parts, IReadOnlyDictionary<string, string> values)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part.Placeholder is null ? part.Text : values.GetValueOrDefault(part.Placeholder, ""));
        }
        return text.ToString();
    }

    private static List<Part> ParseLine(string path, int line, int offset, string text, HashSet<string> used, List<RuleError> errors)
    {
        var parts = new List<Part>();
        int position = 0;
        while (position < text.Length)
        {
            int open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new Part(text[position..], null));
                break;
            }
            if (open > position)
            {
                parts.Add(new Part(text[position..open], null));
            }
            int close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            int column = offset + open + 1;
            if (close < 0)
            {
                errors.Add(new RuleError(path, line, column, "'{{' without its closing '}}' on the same line"));
                break;
            }
            string name = text[(open + 2)..close].Trim();
            if (!NoticePlaceholders.All.Contains(name))
            {
                errors.Add(new RuleError(path, line, column, string.Create(CultureInfo.InvariantCulture,
                    $"unknown placeholder {{{{{name}}}}}{NameSuggestion.Hint(name, NoticePlaceholders.All)}")));
            }
            else
            {
                used.Add(name);
                parts.Add(new Part("", name));
            }
            position = close + 2;
        }
        return parts;
    }

    private sealed record Part(string Text, string? Placeholder);
}
