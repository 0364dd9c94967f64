using System.Globalization;
using System.Text;

namespace HsGuard.Collector.Web.Charts;

/// <summary>A word-sized line of recent values (a user's CPU on the hosts page) as inline SVG,
/// scaled from 0 to at least 100 % so that a flat idle line stays low.</summary>
public static class Sparkline
{
    public const int Width = 120;
    public const int Height = 24;

    public static string Render(IReadOnlyList<double> values, string title)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{CpuChart.Escape(title)}\">");
        svg.Append("<title>").Append(CpuChart.Escape(title)).Append("</title>");
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count > 0)
        {
            double top = Math.Max(100, finite.Max());
            double X(int i) => finite.Count == 1 ? Width - 2 : 1 + (i * (Width - 3.0) / (finite.Count - 1));
            double Y(double v) => Height - 1 - (Math.Max(0, v) / top * (Height - 2));
            if (finite.Count == 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{CpuChart.Format(X(0))}\" cy=\"{CpuChart.Format(Y(finite[0]))}\" r=\"1.5\" fill=\"#0072b2\"/>");
            }
            else
            {
                svg.Append("<polyline fill=\"none\" stroke=\"#0072b2\" stroke-width=\"1.5\" points=\"");
                for (int i = 0; i < finite.Count; i++)
                {
                    svg.Append(i == 0 ? "" : " ").Append(CpuChart.Format(X(i))).Append(',').Append(CpuChart.Format(Y(finite[i])));
                }
                svg.Append("\"/>");
            }
        }
        svg.Append("</svg>");
        return svg.ToString();
    }
}
