using System.Globalization;
using System.Text;

namespace HsGuard.Collector.Web.Charts;

/// <summary>
/// A line chart of CPU over a time window as inline SVG, drawn on the server: no script and no
/// asset from elsewhere. Time runs left to right in UTC, CPU (percent of one core) upwards from 0
/// to at least 100. A series is broken where samples are missing (the host away, the process not
/// yet seen), so a gap is never drawn as a slope. Labels are escaped: they are process names,
/// which an attacker chooses.
/// </summary>
public static class CpuChart
{
    /// <summary>Line colours, told apart also by people with a red-green weakness (Okabe–Ito).</summary>
    internal static readonly string[] Palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f6a00", "#999999"];

    private const int Width = 720;
    private const int PlotHeight = 220;
    private const int Left = 44;
    private const int Right = 12;
    private const int Top = 10;
    private const int AxisBand = 22;
    private const int LegendRow = 18;

    /// <summary>The chart of <paramref name="series"/> between <paramref name="from"/> and
    /// <paramref name="to"/>; points outside the window are left out.</summary>
    /// <param name="title">What the chart shows, for screen readers and as a tooltip.</param>
    public static string Render(IReadOnlyList<ChartSeries> series, DateTimeOffset from, DateTimeOffset to, string title)
    {
        if (to <= from)
        {
            to = from.AddSeconds(1);
        }
        var shown = series.Select(s => (s.Label, s.Emphasis, Points: s.Points.Where(p => p.Time >= from && p.Time <= to && double.IsFinite(p.Value)).ToList())).ToList();
        double highest = shown.SelectMany(s => s.Points).Select(p => p.Value).DefaultIfEmpty(0).Max();
        var (top, valueStep) = ChartScale.Values(highest);
        double plotWidth = Width - Left - Right;
        double X(DateTimeOffset time) => Left + (time - from) / (to - from) * plotWidth;
        double Y(double value) => Top + PlotHeight - (Math.Max(0, value) / top * PlotHeight);
        int height = Top + PlotHeight + AxisBand + (LegendRow * Math.Max(1, shown.Count)) + 4;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{Escape(title)}\">");
        svg.Append("<title>").Append(Escape(title)).Append("</title>");
        // Value axis: grid lines with their labels.
        for (double v = 0; v <= top + (valueStep / 2); v += valueStep)
        {
            string y = Format(Y(v));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{y}\" x2=\"{Width - Right}\" y2=\"{y}\" stroke=\"#ddd\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 4}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\">{Format(v)} %</text>");
        }
        // Time axis: round times, in UTC.
        var timeStep = ChartScale.Time(to - from);
        string timeFormat = timeStep < TimeSpan.FromMinutes(1) ? "HH:mm:ss" : "HH:mm";
        int axisY = Top + PlotHeight;
        for (var t = ChartScale.FirstTick(from, timeStep); t <= to; t += timeStep)
        {
            string x = Format(X(t));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{x}\" y1=\"{Top}\" x2=\"{x}\" y2=\"{axisY}\" stroke=\"#eee\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{x}\" y=\"{axisY + 15}\" text-anchor=\"middle\" font-size=\"11\">{t.UtcDateTime.ToString(timeFormat, CultureInfo.InvariantCulture)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Format(plotWidth)}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"#999\" stroke-width=\"1\"/>");
        if (shown.All(s => s.Points.Count == 0))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"{Format(Left + (plotWidth / 2))}\" y=\"{Format(Top + (PlotHeight / 2.0))}\" text-anchor=\"middle\" font-size=\"13\">no samples in this window</text>");
        }
        for (int i = 0; i < shown.Count; i++)
        {
            var (label, emphasis, points) = shown[i];
            string colour = emphasis ? "#222" : Palette[i % Palette.Length];
            string style = emphasis ? " stroke-width=\"2.5\" stroke-dasharray=\"6 3\"" : " stroke-width=\"1.8\"";
            var gap = GapOf(points);
            var path = new StringBuilder();
            for (int p = 0; p < points.Count; p++)
            {
                bool starts = p == 0 || points[p].Time - points[p - 1].Time > gap;
                bool alone = starts && (p == points.Count - 1 || points[p + 1].Time - points[p].Time > gap);
                if (alone)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"series s{i}\" cx=\"{Format(X(points[p].Time))}\" cy=\"{Format(Y(points[p].Value))}\" r=\"2.5\" fill=\"{colour}\"/>");
                    continue;
                }
                path.Append(starts ? (path.Length == 0 ? "M" : " M") : " L").Append(Format(X(points[p].Time))).Append(',').Append(Format(Y(points[p].Value)));
            }
            if (path.Length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<path class=\"series s{i}\" d=\"{path}\" fill=\"none\" stroke=\"{colour}\"{style} stroke-linejoin=\"round\"><title>{Escape(label)}</title></path>");
            }
            int legendY = axisY + AxisBand + (i * LegendRow) + 10;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{legendY}\" x2=\"{Left + 22}\" y2=\"{legendY}\" stroke=\"{colour}\"{style}/>");
            string peak = points.Count == 0 ? "no samples" : $"peak {Format(points.Max(p => p.Value))} %";
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{Left + 28}\" y=\"{legendY}\" dominant-baseline=\"middle\" font-size=\"12\">{Escape(label)} ({peak})</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A break between two samples longer than this is a gap: two and a half times the
    /// usual interval of the series (its median), so that one late tick is not.</summary>
    internal static TimeSpan GapOf(IReadOnlyList<ChartPoint> points)
    {
        if (points.Count < 2)
        {
            return TimeSpan.MaxValue;
        }
        var intervals = new List<TimeSpan>(points.Count - 1);
        for (int i = 1; i < points.Count; i++)
        {
            intervals.Add(points[i].Time - points[i - 1].Time);
        }
        intervals.Sort();
        return intervals[intervals.Count / 2] * 2.5;
    }

    internal static string Format(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                '\'' => "&#39;",
                // Control characters are not allowed in XML; a process name may hold them.
                _ when char.IsControl(c) => "\uFFFD",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
