using System.Globalization;
using System.Xml.Linq;
using HsGuard.Collector.Web.Charts;

namespace HsGuard.Collector.Tests.Web.Charts;

public sealed class CpuChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);

    private static List<ChartPoint> Seconds(params double[] values) =>
        values.Select((v, i) => new ChartPoint(T0.AddSeconds(i), v)).ToList();

    private static XElement Parse(string svg) => XElement.Parse(svg);

    /// <summary>The (x, y) of each point of each subpath of a path's d attribute.</summary>
    private static List<List<(double X, double Y)>> Subpaths(XElement path) =>
        path.Attribute("d")!.Value.Split('M', StringSplitOptions.RemoveEmptyEntries)
            .Select(sub => sub.Split('L').Select(p => p.Trim().Split(','))
                .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture))).ToList())
            .ToList();

    [Fact]
    public void Render_TwoSeries_PointsPlacedOnTimeAndValue()
    {
        var svg = Parse(CpuChart.Render([new ChartSeries("kthreaddi (4242)", Seconds(0, 50, 100)), new ChartSeries("user xyz00", Seconds(100, 100, 100), Emphasis: true)],
            T0, T0.AddSeconds(2), "CPU"));

        var paths = svg.Descendants(Svg + "path").ToList();
        Assert.Equal(2, paths.Count);
        var line = Assert.Single(Subpaths(paths[0]));
        // Plot from x 44 to 708, y 10 (100 %) to 230 (0 %).
        Assert.Equal([(44, 230), (376, 120), (708, 10)], line);
        Assert.Equal("6 3", paths[1].Attribute("stroke-dasharray")!.Value);
        Assert.Equal("kthreaddi (4242)", paths[0].Element(Svg + "title")!.Value);
        var legend = svg.Descendants(Svg + "text").Where(t => t.Attribute("class")?.Value == "legend").Select(t => t.Value).ToList();
        Assert.Equal(["kthreaddi (4242) (peak 100 %)", "user xyz00 (peak 100 %)"], legend);
    }

    [Fact]
    public void Render_ValuesAboveOneCore_AxisRisesToRoundTop()
    {
        var svg = Parse(CpuChart.Render([new ChartSeries("miner", Seconds(190, 195))], T0, T0.AddSeconds(1), "CPU"));

        var ticks = svg.Descendants(Svg + "text").Where(t => t.Attribute("class")?.Value == "tick" && t.Value.EndsWith('%')).Select(t => t.Value).ToList();
        Assert.Equal(["0 %", "50 %", "100 %", "150 %", "200 %"], ticks);
        var line = Assert.Single(Subpaths(svg.Descendants(Svg + "path").Single()));
        Assert.Equal(230 - (190 / 200.0 * 220), line[0].Y, 1);
    }

    [Fact]
    public void Render_MissingSamples_LineBrokenNotBridged()
    {
        var points = Seconds(10, 20, 30);
        points.AddRange([new ChartPoint(T0.AddSeconds(30), 40), new ChartPoint(T0.AddSeconds(31), 50), new ChartPoint(T0.AddSeconds(32), 60)]);

        var svg = Parse(CpuChart.Render([new ChartSeries("p", points)], T0, T0.AddSeconds(32), "CPU"));

        var parts = Subpaths(svg.Descendants(Svg + "path").Single());
        Assert.Equal([3, 3], parts.Select(p => p.Count));
    }

    [Fact]
    public void Render_LonePointBetweenGaps_DrawnAsDot()
    {
        var points = new List<ChartPoint> { new(T0, 10), new(T0.AddSeconds(1), 10), new(T0.AddSeconds(2), 10), new(T0.AddSeconds(20), 80) };

        var svg = Parse(CpuChart.Render([new ChartSeries("p", points)], T0, T0.AddSeconds(30), "CPU"));

        Assert.Equal([3], Subpaths(svg.Descendants(Svg + "path").Single()).Select(p => p.Count));
        var dot = Assert.Single(svg.Descendants(Svg + "circle"));
        Assert.Equal(44 + (20 / 30.0 * 664), double.Parse(dot.Attribute("cx")!.Value, CultureInfo.InvariantCulture), 1);
    }

    [Fact]
    public void Render_PointsOutsideWindow_LeftOut()
    {
        var svg = Parse(CpuChart.Render([new ChartSeries("p", Seconds(999, 10, 20, 999))], T0.AddSeconds(1), T0.AddSeconds(2), "CPU"));

        var line = Assert.Single(Subpaths(svg.Descendants(Svg + "path").Single()));
        Assert.Equal([(44, 208), (708, 186)], line);
    }

    [Fact]
    public void Render_NoSamples_SaysSoAndStaysWellFormed()
    {
        var svg = Parse(CpuChart.Render([new ChartSeries("p", [])], T0, T0.AddMinutes(5), "CPU"));

        Assert.Empty(svg.Descendants(Svg + "path"));
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "no samples in this window");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "p (no samples)");
    }

    [Fact]
    public void Render_HostileLabel_EscapedNotMarkup()
    {
        string label = "<script>alert(1)</script>\"&'\u0001";

        string text = CpuChart.Render([new ChartSeries(label, Seconds(1, 2))], T0, T0.AddSeconds(1), label);

        Assert.DoesNotContain("<script", text, StringComparison.Ordinal);
        var svg = Parse(text);
        Assert.Equal("<script>alert(1)</script>\"&'\uFFFD", svg.Element(Svg + "title")!.Value);
        Assert.Empty(svg.Descendants(Svg + "script"));
    }

    [Fact]
    public void Render_TenMinuteWindow_TimeTicksOnRoundMinutesInUtc()
    {
        var from = new DateTimeOffset(2026, 11, 23, 15, 3, 20, TimeSpan.FromHours(1));   // 14:03:20 UTC

        var svg = Parse(CpuChart.Render([new ChartSeries("p", [])], from, from.AddMinutes(10), "CPU"));

        var times = svg.Descendants(Svg + "text").Where(t => t.Attribute("class")?.Value == "tick" && t.Value.Contains(':', StringComparison.Ordinal)).Select(t => t.Value).ToList();
        Assert.Equal(["14:04", "14:06", "14:08", "14:10", "14:12"], times);
    }

    [Fact]
    public void Render_ManySeries_ColoursRepeatAfterPalette()
    {
        var series = Enumerable.Range(0, CpuChart.Palette.Length + 1).Select(i => new ChartSeries($"p{i}", Seconds(i, i))).ToList();

        var svg = Parse(CpuChart.Render(series, T0, T0.AddSeconds(1), "CPU"));

        var colours = svg.Descendants(Svg + "path").Select(p => p.Attribute("stroke")!.Value).ToList();
        Assert.Equal(CpuChart.Palette.Length, colours.Take(CpuChart.Palette.Length).Distinct().Count());
        Assert.Equal(colours[0], colours[^1]);
    }
}
