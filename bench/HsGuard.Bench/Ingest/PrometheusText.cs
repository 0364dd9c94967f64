using System.Globalization;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// The samples of a scrape in Prometheus' text format (version 0.0.4): one
/// <c>name{label="value",...} value [timestamp]</c> a line, # for comments, HELP and TYPE. Read
/// leniently: a line that does not parse is skipped, so that a figure missing or mangled is only
/// missing, never a failed run.
/// </summary>
internal sealed class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples;

    private PrometheusText(List<(string, Dictionary<string, string>, double)> samples) => _samples = samples;

    public int Count => _samples.Count;

    public static PrometheusText Parse(string text)
    {
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length > 0 && line[0] != '#' && ParseLine(line) is { } sample)
            {
                samples.Add(sample);
            }
        }
        return new PrometheusText(samples);
    }

    /// <summary>The value of the series <paramref name="name"/> (with <paramref name="label"/> =
    /// <paramref name="labelValue"/> when given); null when the scrape has none.</summary>
    public double? Value(string name, string? label = null, string? labelValue = null)
    {
        foreach (var (n, labels, value) in _samples)
        {
            if (n == name && (label is null || (labels.TryGetValue(label, out string? v) && v == labelValue)))
            {
                return value;
            }
        }
        return null;
    }

    private static (string, Dictionary<string, string>, double)? ParseLine(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] != '{' && !char.IsWhiteSpace(line[i]))
        {
            i++;
        }
        string name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{' && !ParseLabels(line, ref i, labels))
        {
            return null;
        }
        // The value, then an optional timestamp.
        string[] rest = line[i..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return name.Length > 0 && rest.Length is 1 or 2 && ParseValue(rest[0]) is { } value ? (name, labels, value) : null;
    }

    /// <summary>From the '{' at <paramref name="i"/> to past its '}'; values are quoted, with \\, \" and \n escapes.</summary>
    private static bool ParseLabels(string line, ref int i, Dictionary<string, string> labels)
    {
        i++;
        while (true)
        {
            while (i < line.Length && (line[i] == ',' || char.IsWhiteSpace(line[i])))
            {
                i++;
            }
            if (i >= line.Length)
            {
                return false;
            }
            if (line[i] == '}')
            {
                i++;
                return true;
            }
            int equals = line.IndexOf('=', i);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                return false;
            }
            string label = line[i..equals].Trim();
            var value = new System.Text.StringBuilder();
            i = equals + 2;
            while (i < line.Length && line[i] != '"')
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }
                i++;
            }
            if (i >= line.Length)
            {
                return false;
            }
            i++;
            labels[label] = value.ToString();
        }
    }

    private static double? ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null,
    };
}
