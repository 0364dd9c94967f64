using System.Globalization;

namespace HsGuard.Bench;

/// <summary>
/// The MEDIAN line that procfloor and <c>measure</c> print: a tag, then space-separated
/// key=value fields ("MEDIAN variant=keep_fd procs=1003 ... cpu_ns_per_proc=4210 ...").
/// </summary>
internal sealed class BenchLine
{
    private readonly Dictionary<string, string> _fields;

    private BenchLine(string text, Dictionary<string, string> fields)
    {
        Text = text;
        _fields = fields;
    }

    public string Text { get; }

    public string Variant => _fields.GetValueOrDefault("variant", "?");

    /// <summary>The last MEDIAN line of a program's output.</summary>
    public static BenchLine FindMedian(string output, string program)
    {
        string? line = output.Split('\n').LastOrDefault(l => l.StartsWith("MEDIAN ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{program} printed no MEDIAN line:\n{output}");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[token[..eq]] = token[(eq + 1)..];
            }
        }
        return new BenchLine(line.Trim(), fields);
    }

    public double Get(string key) =>
        _fields.TryGetValue(key, out string? value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            ? number
            : throw new InvalidOperationException($"no number '{key}' in: {Text}");
}
